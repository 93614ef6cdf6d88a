-- Shared by the headless Neovim scripts of test/e2e/nvim/: sets the sheets' filetype as a user's
-- config would, starts `node --v8-pool-size=1 <server> --stdio` for it (as README's set-up does) (vim.lsp.start on 0.8+, start_client +
-- buf_attach_client on 0.7), opens `sheet` and returns its buffer and the client id.
-- `on_publish(params)` is called for every publishDiagnostics before Neovim's own handler.
return function(opts)
  vim.cmd([[autocmd BufRead,BufNewFile *.sheet.yaml,*.sheet.yml setlocal filetype=policy-yaml]])

  local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
  local config = {
    name = 'policy-sheets',
    cmd = { opts.node, '--v8-pool-size=1', opts.server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, cfg)
        if params then opts.on_publish(params) end
        return default_handler(err, params, ctx, cfg)
      end,
    },
  }

  local client_id
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'policy-yaml',
    callback = function(args)
      if vim.lsp.start then
        client_id = vim.lsp.start(config, { bufnr = args.buf })
      else
        client_id = client_id or vim.lsp.start_client(config)
        vim.lsp.buf_attach_client(args.buf, client_id)
      end
    end,
  })

  vim.cmd('edit ' .. vim.fn.fnameescape(opts.sheet))
  local bufnr = vim.api.nvim_get_current_buf()
  local filetype = vim.bo[bufnr].filetype
  if filetype ~= 'policy-yaml' then error('filetype not set: ' .. tostring(filetype)) end
  if not client_id then error('LSP client did not start') end
  return bufnr, client_id
end
