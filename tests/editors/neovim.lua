-- Neovim's built-in LSP client against `shipshape server`, run headless by `cargo xtask test`
-- (xtask/src/editors.rs): open a Dockerfile, wait for its diagnostics, hover a finding, apply a
-- quick fix and the fix-all action through `vim.lsp.buf.code_action` as a user would (the menu
-- answered by an overridden `vim.ui.select`), format, and write what the buffer holds after each
-- step for xtask to compare with what the core computes. Works with Neovim 0.7 (Debian 12) and
-- later.

local bin = assert(os.getenv("SHIPSHAPE_BIN"), "SHIPSHAPE_BIN")
local dir = assert(os.getenv("SHIPSHAPE_E2E_DIR"), "SHIPSHAPE_E2E_DIR")
local out = assert(os.getenv("SHIPSHAPE_E2E_OUT"), "SHIPSHAPE_E2E_OUT")
-- The diagnostics the core finds in the final text, as `diagnostics()` prints them.
local expected_final = assert(io.open(assert(os.getenv("SHIPSHAPE_E2E_EXPECTED")), "r")):read("*a")
local TIMEOUT = 20000

local function write(name, text)
  local file = assert(io.open(out .. "/" .. name, "w"))
  file:write(text)
  file:close()
end

local function fail(message)
  write("failure.txt", message .. "\n")
  io.stderr:write("neovim.lua: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end

local function wait(what, condition)
  if not vim.wait(TIMEOUT, condition, 20) then
    fail("timed out waiting for " .. what)
  end
end

vim.cmd("edit " .. dir .. "/Dockerfile")
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "dockerfile"

local client_id = vim.lsp.start_client({
  name = "shipshape",
  cmd = { bin, "server" },
  root_dir = dir,
  on_exit = function(code)
    if code ~= 0 then
      write("server-exit.txt", tostring(code) .. "\n")
    end
  end,
})
if not client_id then
  fail("the client did not start")
end
vim.lsp.buf_attach_client(buf, client_id)

-- Diagnostics, as vim.diagnostic holds them: `line:col code` each.
local function diagnostics()
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(lines, string.format("%d:%d %s", d.lnum, d.col, tostring(code)))
  end
  table.sort(lines)
  if #lines == 0 then
    return ""
  end
  return table.concat(lines, "\n") .. "\n"
end

wait("diagnostics", function()
  return #vim.diagnostic.get(buf) > 0
end)
write("diagnostics.txt", diagnostics())

-- The code action menu: choose the action whose title holds `wanted`.
local wanted
vim.ui.select = function(items, _, on_choice)
  local titles = {}
  for i, item in ipairs(items) do
    local action = item.action or item[2]
    table.insert(titles, action.title)
    if action.title:find(wanted, 1, true) then
      return on_choice(item, i)
    end
  end
  fail("no code action titled …" .. wanted .. "… among: " .. table.concat(titles, " | "))
end

local function code_action(only, title)
  wanted = title
  local before = buffer_text(buf)
  if vim.fn.has("nvim-0.8") == 1 then
    vim.lsp.buf.code_action({ context = { only = only } })
  else
    vim.lsp.buf.code_action({ only = only })
  end
  wait("the action `" .. title .. "` to change the buffer", function()
    return buffer_text(buf) ~= before
  end)
end

-- The hover on `pip` (line 4, after non-ASCII text: UTF-16 columns): the rule's docs.
vim.api.nvim_win_set_cursor(0, { 4, 30 })
local hovers = vim.lsp.buf_request_sync(buf, "textDocument/hover", vim.lsp.util.make_position_params(), TIMEOUT)
local hover_text = {}
for _, reply in pairs(hovers or {}) do
  if reply.result and reply.result.contents then
    table.insert(hover_text, reply.result.contents.value or vim.inspect(reply.result.contents))
  end
end
write("hover.txt", table.concat(hover_text, "\n"))

-- The quick fix for DL3042 on the same line.
code_action({ "quickfix" }, "Add `--no-cache-dir`")
write("after-quickfix.txt", buffer_text(buf))

code_action({ "source.fixAll" }, "Fix all safe problems")
write("after-fixall.txt", buffer_text(buf))

if vim.lsp.buf.format then
  vim.lsp.buf.format({ timeout_ms = TIMEOUT })
else
  vim.lsp.buf.formatting_sync(nil, TIMEOUT)
end
write("after-format.txt", buffer_text(buf))

-- The diagnostics of the final text follow its last edit.
if not vim.wait(TIMEOUT, function() return diagnostics() == expected_final end, 20) then
  fail("the diagnostics of the final text are\n" .. diagnostics() .. "expected\n" .. expected_final)
end

vim.lsp.stop_client(client_id)
wait("the server to stop", function()
  return vim.lsp.get_client_by_id(client_id) == nil
end)
write("done.txt", "ok\n")
vim.cmd("qall!")
