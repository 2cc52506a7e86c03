-- wrk script: every request PUTs a new table with a unique name (thread id and counter).
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("tid", next_thread)
end

local counter = 0
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"t_%d_%d","databaseSchema":"svc.db.s","columns":[{"name":"id","dataType":"BIGINT"},{"name":"status","dataType":"VARCHAR","dataLength":16},{"name":"amount","dataType":"DECIMAL"}]}',
    tid, counter)
  return wrk.format(nil, nil, nil, body)
end
