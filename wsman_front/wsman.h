// The pinned gSOAP service definition soapcpp2 compiles at build time (wsman_front/meson.build).
// bmcwsman reads and writes envelopes as DOM trees and dispatches on wsa:Action itself
// (harness-facts: the generated dispatcher keys on the body element, and its Get reader is
// broken in 2.8.124), so this declares only the namespaces and pulls in the DOM.
//gsoap SOAP-ENV schema namespace: http://www.w3.org/2003/05/soap-envelope
//gsoap SOAP-ENC schema namespace: http://www.w3.org/2003/05/soap-encoding
#import "dom.h"
//gsoap wsa schema namespace: http://schemas.xmlsoap.org/ws/2004/08/addressing
//gsoap wsman schema namespace: http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd
//gsoap wsmid schema namespace: http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd
//gsoap wsen schema namespace: http://schemas.xmlsoap.org/ws/2004/09/enumeration
//gsoap wxf schema namespace: http://schemas.xmlsoap.org/ws/2004/09/transfer
struct SOAP_ENV__Header { int unused 0; };
