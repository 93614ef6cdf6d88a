-- Headless Neovim LSP check: attaches `node dist/server.js --stdio` to one sheet and writes the
-- diagnostics Neovim receives as JSON. Run by test/e2e/neovim.test.ts:
--
--   SHEET=samples/x.sheet.yaml SERVER=dist/server.js OUT=/tmp/out.json \
--   [EDIT_LINE=12 EDIT_TEXT='公開区分: 非公開X'] nvim --headless --clean -u NONE -c 'luafile test/e2e/nvim/diagnostics.lua'
--
-- Works with Neovim 0.7 (Debian bookworm: vim.lsp.start_client + buf_attach_client) and with
-- 0.8+ (vim.lsp.start). It never sleeps: it waits (vim.wait) on conditions — the first
-- publishDiagnostics for the buffer (with OPEN_COUNT diagnostics when given), then quiet (no
-- further publish within SETTLE_MS), and after an edit, a publish for the edited version.

local sheet = assert(os.getenv('SHEET'), 'SHEET not set')
local server = assert(os.getenv('SERVER'), 'SERVER not set')
local out_path = assert(os.getenv('OUT'), 'OUT not set')
local node = os.getenv('NODE') or 'node'
local timeout = tonumber(os.getenv('TIMEOUT_MS') or '20000')
local settle = tonumber(os.getenv('SETTLE_MS') or '400')
local attach = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'attach.lua')

local result = { nvim = vim.version(), api = vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client', phases = {} }
local publishes = {} -- every publishDiagnostics for our file, in order: { version=, diagnostics= }
local uri

local function finish(code, err)
  if err then result.error = tostring(err) end
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local function main()
  -- The sheets' filetype and the server, as a user's config would set them (attach.lua).
  local bufnr, client_id = attach({ node = node, server = server, sheet = sheet, on_publish = function(params)
    if params.uri == uri then
      table.insert(publishes, { version = params.version, diagnostics = params.diagnostics })
    end
  end })
  uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri
  result.filetype = vim.bo[bufnr].filetype

  -- Waits for a publish beyond index `seen`, then until no new one arrives within `settle` ms.
  local function wait_publish(seen, what)
    if not vim.wait(timeout, function() return #publishes > seen end, 20) then
      error('timed out after ' .. timeout .. ' ms waiting for publishDiagnostics (' .. what .. ')')
    end
    local n = #publishes
    while vim.wait(settle, function() return #publishes > n end, 20) do n = #publishes end
    return publishes[#publishes]
  end

  local function phase(name, last)
    local shown = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(shown, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        severity = d.severity, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
        message = d.message, source = d.source })
    end
    table.insert(result.phases, { name = name, version = last.version, lsp = last.diagnostics,
      shown = shown, publishes = #publishes })
  end

  -- OPEN_COUNT: wait (up to the timeout) until a publish carries that many diagnostics — the
  -- writing checks' findings come in a later publish than the structural ones.
  local open_count = tonumber(os.getenv('OPEN_COUNT') or '')
  local opened = wait_publish(0, 'after open')
  if open_count and #opened.diagnostics < open_count then
    vim.wait(timeout, function() return #publishes[#publishes].diagnostics >= open_count end, 20)
    opened = wait_publish(#publishes - 1, 'after open, all findings')
  end
  phase('open', opened)

  local edit_line = tonumber(os.getenv('EDIT_LINE') or '')
  if edit_line then
    local original = vim.api.nvim_buf_get_lines(bufnr, edit_line, edit_line + 1, true)
    local edit_text = os.getenv('EDIT_TEXT')
    local replacement = edit_text and { edit_text } or {} -- no EDIT_TEXT: delete the line
    local seen = #publishes
    vim.api.nvim_buf_set_lines(bufnr, edit_line, edit_line + 1, true, replacement)
    phase('edit', wait_publish(seen, 'after edit'))
    seen = #publishes
    vim.api.nvim_buf_set_lines(bufnr, edit_line, edit_line + #replacement, true, original)
    phase('undo', wait_publish(seen, 'after undo'))
  end

  local client = vim.lsp.get_client_by_id(client_id)
  result.server_name = client and client.server_capabilities and client.name
  if client then client.stop() end
end

local ok, err = pcall(main)
if ok then finish(0) else finish(1, err) end
