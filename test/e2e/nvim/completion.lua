-- Headless Neovim LSP check of completion and hover: attaches `node dist/server.js --stdio` to one
-- sheet, asks textDocument/completion and textDocument/hover at a position, and writes what the
-- client received as JSON. Run by test/e2e/neovim-completion.test.ts:
--
--   SHEET=/tmp/x.sheet.yaml SERVER=dist/server.js OUT=/tmp/out.json LINE=12 CHARACTER=16 \
--   [HOVER_LINE=1 HOVER_CHARACTER=8] nvim --headless --clean -u NONE -c 'luafile test/e2e/nvim/completion.lua'
--
-- Works with Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and 0.8+ (vim.lsp.start). It
-- never sleeps: it waits (vim.wait) for the server's first publishDiagnostics for the buffer, then
-- sends the requests synchronously.

local sheet = assert(os.getenv('SHEET'), 'SHEET not set')
local server = assert(os.getenv('SERVER'), 'SERVER not set')
local out_path = assert(os.getenv('OUT'), 'OUT not set')
local node = os.getenv('NODE') or 'node'
local timeout = tonumber(os.getenv('TIMEOUT_MS') or '20000')
local line = tonumber((assert(os.getenv('LINE'), 'LINE not set')))
local character = tonumber((assert(os.getenv('CHARACTER'), 'CHARACTER not set')))
local attach = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'attach.lua')

local result = { nvim = vim.version(), api = vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client', phases = {} }

local function finish(code, err)
  if err then result.error = tostring(err) end
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local function main()
  local published = false
  local bufnr, client_id = attach({ node = node, server = server, sheet = sheet, on_publish = function() published = true end })
  result.filetype = vim.bo[bufnr].filetype
  if not vim.wait(timeout, function() return published end, 20) then error('no publishDiagnostics within ' .. timeout .. ' ms') end
  local client = assert(vim.lsp.get_client_by_id(client_id))
  local uri = vim.uri_from_bufnr(bufnr)

  local answer, err = client.request_sync('textDocument/completion',
    { textDocument = { uri = uri }, position = { line = line, character = character } }, timeout, bufnr)
  if err then error('completion: ' .. tostring(err)) end
  if not answer or answer.err then error('completion failed: ' .. vim.inspect(answer and answer.err)) end
  local items = answer.result and (answer.result.items or answer.result) or {}
  result.completion = {}
  for _, item in ipairs(items) do
    table.insert(result.completion, { label = item.label, detail = item.detail, sortText = item.sortText,
      filterText = item.filterText, insertTextFormat = item.insertTextFormat,
      newText = item.textEdit and item.textEdit.newText })
  end
  -- What Neovim's own completion (omnifunc) makes of them: the words it would offer.
  local words = {}
  for _, entry in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(answer.result, '')) do
    table.insert(words, entry.word)
  end
  result.words = words

  local hover_line = tonumber(os.getenv('HOVER_LINE') or '')
  if hover_line then
    local hovered = client.request_sync('textDocument/hover',
      { textDocument = { uri = uri }, position = { line = hover_line, character = tonumber(os.getenv('HOVER_CHARACTER')) } }, timeout, bufnr)
    result.hover = hovered and hovered.result and hovered.result.contents and hovered.result.contents.value
  end
  client.stop()
end

local ok, err = pcall(main)
if ok then finish(0) else finish(1, err) end
