-- Runs the README's Neovim snippets as a user's init.lua would, for test/lsp/nvim.test.ts:
--   VOLINT_SNIPPETS=a.lua:b.lua nvim --headless --clean -u test/lsp/nvim/snippet-harness.lua path/to/Dockerfile
-- `volint-language-server` must be on PATH. The snippets are loaded before the file, so its FileType event starts
-- the server as it would for a user; then :VolintFixAll runs. Writes to VOLINT_NVIM_OUT the diagnostics' codes, the
-- text after the fix-all command and the diagnostics left.
local out_path = assert(os.getenv('VOLINT_NVIM_OUT'), 'VOLINT_NVIM_OUT is not set')
local result = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

for snippet in string.gmatch(assert(os.getenv('VOLINT_SNIPPETS'), 'VOLINT_SNIPPETS is not set'), '[^:]+') do
  local ok, err = pcall(dofile, snippet)
  if not ok then result.error = 'loading ' .. snippet .. ': ' .. tostring(err) end
end

local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(list, d.code) end
  table.sort(list)
  return list
end

local function run()
  if result.error then return end
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then error('timed out waiting for diagnostics') end
  result.codes = codes(bufnr)
  local before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  vim.cmd('VolintFixAll')
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  result.changed = result.text ~= before
  local count = #result.codes
  vim.wait(10000, function() return #vim.diagnostic.get(bufnr) < count end, 20)
  result.codes_after = codes(bufnr)
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then result.error = tostring(err) end
    local file = assert(io.open(out_path, 'w'))
    file:write(vim.json.encode(result))
    file:close()
    vim.cmd('qall!')
  end,
})
