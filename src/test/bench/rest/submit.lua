-- wrk script: POST /api/jobs, rotating through the bearer tokens of many users.
local tokens = {}
local counter = 0
local body = '{"source_url":"https://videos.example.com/bench.mp4"}'

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("POST", "/api/jobs",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status ~= 202 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
