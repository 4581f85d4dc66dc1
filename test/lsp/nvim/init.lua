-- Drives volint-language-server from a real Neovim, headless, for test/lsp/nvim.test.ts:
--   nvim --headless --clean -u test/lsp/nvim/init.lua path/to/Dockerfile
-- VOLINT_SERVER is the built server (dist/src/lsp/bin.js); VOLINT_NVIM_OUT the JSON file this writes: what
-- Neovim received (diagnostics, code actions), the text after applying the ignore action, the diagnostics
-- after that, and the server's exit code once Neovim stops it.
local server = assert(os.getenv('VOLINT_SERVER'), 'VOLINT_SERVER is not set')
local out_path = assert(os.getenv('VOLINT_NVIM_OUT'), 'VOLINT_NVIM_OUT is not set')
local result = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function write_result()
  local file = assert(io.open(out_path, 'w'))
  file:write(vim.json.encode(result))
  file:close()
end

local function wait_for(what, predicate)
  if not vim.wait(15000, predicate, 20) then error('timed out waiting for ' .. what) end
end

-- The LSP form of a diagnostic as Neovim stores it; newer versions keep the whole original in user_data.lsp.
local function to_lsp(d)
  return vim.tbl_extend('keep', {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = d.code,
  }, (d.user_data and d.user_data.lsp) or {})
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    name = 'volint',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h'),
    init_options = { debounce = 20 },
    -- Answered to workspace/configuration: turns one rule down to a warning, to show settings reach the server.
    settings = { volint = { rules = { ['volume-write-after-declare'] = 'warn' } } },
    flags = { debounce_text_changes = 0 },
    -- Neovim before 0.8 neither announces nor pushes settings by itself; newer ones are asked (workspace/configuration).
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    on_exit = function(code) result.exit_code = code end,
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    -- Neovim before 0.8 (Debian 12 ships 0.7) has only the lower-level calls.
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end

  wait_for('diagnostics', function() return #vim.diagnostic.get(bufnr) > 0 end)
  local diagnostics = vim.diagnostic.get(bufnr)
  result.diagnostics = {}
  for _, d in ipairs(diagnostics) do
    local lsp = to_lsp(d)
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, code = d.code, message = d.message,
      href = lsp.codeDescription and lsp.codeDescription.href,
      related = lsp.relatedInformation,
      has_data = lsp.data ~= nil,
    })
  end

  local target
  for _, d in ipairs(diagnostics) do
    if d.code == 'volume-permissions-after-declare' then target = d end
  end
  if not target then error('no volume-permissions-after-declare diagnostic') end
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = to_lsp(target).range,
    context = { diagnostics = { to_lsp(target) } },
  }, 10000)
  local actions = (responses and responses[client_id] and responses[client_id].result) or {}
  result.actions = {}
  local ignore
  for _, action in ipairs(actions) do
    table.insert(result.actions, action.title)
    if action.title:match('^Ignore volume%-permissions%-after%-declare') then ignore = action end
  end
  if not ignore then error('no ignore action') end

  local before = #diagnostics
  vim.lsp.util.apply_workspace_edit(ignore.edit, 'utf-16')
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  wait_for('the diagnostics to shrink', function() return #vim.diagnostic.get(bufnr) < before end)
  result.codes_after = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(result.codes_after, d.code) end

  vim.lsp.stop_client(client_id)
  wait_for('the server to exit', function() return result.exit_code ~= nil end)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then result.error = tostring(err) end
    write_result()
    vim.cmd('qall!')
  end,
})
