-- wrk script: GET /api/jobs/{id} for random jobs, each with its owner's token ("<job_id> <token>" lines).
local jobs = {}

function init(args)
  for line in io.lines(args[1]) do
    local id, token = line:match("^(%S+) (%S+)$")
    jobs[#jobs + 1] = { id = id, token = token }
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local job = jobs[math.random(#jobs)]
  return wrk.format("GET", "/api/jobs/" .. job.id, { ["Authorization"] = "Bearer " .. job.token })
end

function response(status)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
