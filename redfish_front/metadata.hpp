// /redfish/v1/$metadata (DSP0266 8.4.2, OData CSDL 4.0 XML): a Reference to DMTF's published
// schema file (http://redfish.dmtf.org/schemas/v1/<Schema>_v1.xml) for every namespace the
// service's resources use, and the Service entity container extending ServiceRoot's.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace redfish {

struct SchemaRef {
    std::string_view file;    // <file>_v1.xml
    std::string_view version; // the namespace version the resources use ("" for collections)
};

// Each @odata.type the tree uses, with its schema file.
[[nodiscard]] std::span<const SchemaRef> served_schemas();

[[nodiscard]] std::string metadata_document();

} // namespace redfish
