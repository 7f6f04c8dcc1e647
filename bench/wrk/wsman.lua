-- One WS-Management request replayed by wrk (used by bench/wsman_wrk_compare.py):
--
--     wrk -t2 -c16 -d10s --latency -s bench/wrk/wsman.lua URL -- BODY_FILE [AUTHORIZATION]
--
-- Every request is a POST of BODY_FILE's bytes with Content-Type
-- application/soap+xml;charset=UTF-8 and, if given, the Authorization header value
-- (e.g. "Basic YmVuY2g6cHc="). The same script and arguments go to the agent and to
-- nginx (whose configuration answers POST with the static file: error_page 405 =200).
-- response() counts the answers by status; done() prints one line for the caller:
--     wsman-wrk: requests=N bytes=B non200=K statuses=200:N[,401:M...] errors=connect:0,read:0,...
-- A run with non200 > 0 is a failed run.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local path = args[1]
   if path == nil then
      error("usage: wrk ... -s wsman.lua URL -- BODY_FILE [AUTHORIZATION]")
   end
   local f = assert(io.open(path, "rb"))
   wrk.method = "POST"
   wrk.body = f:read("*a")
   f:close()
   wrk.headers["Content-Type"] = "application/soap+xml;charset=UTF-8"
   if args[2] ~= nil and args[2] ~= "" then
      wrk.headers["Authorization"] = args[2]
   end
   statuses = {}
   non200 = 0
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status ~= 200 then
      non200 = non200 + 1
   end
end

function done(summary, latency, requests)
   local total_non200 = 0
   local merged = {}
   for _, thread in ipairs(threads) do
      total_non200 = total_non200 + (thread:get("non200") or 0)
      for status, n in pairs(thread:get("statuses") or {}) do
         merged[status] = (merged[status] or 0) + n
      end
   end
   local codes = {}
   for status in pairs(merged) do
      table.insert(codes, status)
   end
   table.sort(codes)
   local parts = {}
   for _, status in ipairs(codes) do
      table.insert(parts, status .. ":" .. merged[status])
   end
   local e = summary.errors
   io.write(string.format("wsman-wrk: requests=%d bytes=%d non200=%d statuses=%s errors=connect:%d,read:%d,write:%d,status:%d,timeout:%d\n",
                          summary.requests, summary.bytes, total_non200, table.concat(parts, ","),
                          e.connect, e.read, e.write, e.status, e.timeout))
end
