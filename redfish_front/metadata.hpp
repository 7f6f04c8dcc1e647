// /redfish/v1/$metadata (DSP0266 8.4.2, OData CSDL 4.0 XML): a Reference to DMTF's published
// schema file (http://redfish.dmtf.org/schemas/v1/<Schema>_v1.xml) for every namespace the
// service's resources use, and the Service entity container extending ServiceRoot's.
#pragma once

#include <string>

namespace redfish {

[[nodiscard]] std::string metadata_document();

} // namespace redfish
