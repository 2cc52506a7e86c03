-- wrk script: every request PATCHes the description of one table (TABLE_ID) to a new value, so
-- every request is a read-modify-write of the same entity and a new version.
local counter = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json-patch+json"
local path = "/api/v1/tables/" .. os.getenv("TABLE_ID")
request = function()
  counter = counter + 1
  local body = string.format('[{"op":"add","path":"/description","value":"d %d"}]', counter)
  return wrk.format(nil, path, nil, body)
end
