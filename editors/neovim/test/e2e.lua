-- Headless Neovim (0.7+) as a real LSP client of ipcls, on a copy of fixtures/article:
-- a typo gets `no-handler`, definition goes from the renderer to main, renaming an rpc changes
-- every file. Exits 0 when every step passes. Run through run.sh.
local ROOT = assert(os.getenv('ROOT'), 'ROOT')
local SERVER = assert(os.getenv('SERVER'), 'SERVER')
local failures, passes = 0, 0
local function report(ok, name, detail)
  if ok then passes = passes + 1 else failures = failures + 1 end
  io.stdout:write(string.format('%s  %s%s\n', ok and 'PASS' or 'FAIL', name, detail and ('  ' .. detail) or ''))
end

local ready = false
local client_id = vim.lsp.start_client({
  name = 'ipcls',
  cmd = { SERVER, 'server' },
  cmd_cwd = ROOT,
  root_dir = ROOT,
  workspace_folders = { { uri = vim.uri_from_fname(ROOT), name = 'article' } },
  on_init = function() ready = true end,
})
assert(client_id, 'server did not start')
assert(vim.wait(15000, function() return ready end, 20), 'initialize timed out')

local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(ROOT .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

-- 0-based line and byte column of the first `marker` in a buffer.
local function find(buf, marker)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = string.find(line, marker, 1, true)
    if s then return i - 1, s - 1 end
  end
  error('marker not found: ' .. marker)
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp
    if lsp and lsp.code == code then return d end
  end
  return nil
end

local function request(buf, method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, r in pairs(responses) do
    if r.result then return r.result end
  end
  return nil
end

local ok, err = pcall(function()
  -- 1. A typo in the preload: `no-handler` with a did-you-mean, then cleared when fixed.
  local preload = open('src/preload.ts')
  local line, col = find(preload, "'dialog:openFile'")
  vim.api.nvim_buf_set_text(preload, line, col + 10, line, col + 11, { '' }) -- 'dialog:opnFile'
  local got = vim.wait(10000, function() return has_code(preload, 'no-handler') ~= nil end, 20)
  local d = has_code(preload, 'no-handler')
  report(got and d and d.message:find("did you mean 'dialog:openFile'", 1, true) ~= nil, 'diagnostics: no-handler on a typo',
    d and d.message or 'none')
  vim.api.nvim_buf_set_text(preload, line, col + 10, line, col + 10, { 'e' })
  local cleared = vim.wait(10000, function() return has_code(preload, 'no-handler') == nil end, 20)
  report(cleared, 'diagnostics: cleared when fixed')

  -- 2. Definition from `window.electronAPI.openFile()` in the renderer reaches the handler in main.
  local renderer = open('src/renderer.ts')
  local rl, rc = find(renderer, 'openFile()')
  local defs = request(renderer, 'textDocument/definition',
    { textDocument = { uri = vim.uri_from_bufnr(renderer) }, position = { line = rl, character = rc + 2 } }) or {}
  local files = {}
  for _, loc in ipairs(defs) do
    table.insert(files, vim.fn.fnamemodify(vim.uri_to_fname(loc.uri or loc.targetUri), ':t'))
  end
  local joined = table.concat(files, ',')
  report(joined:find('main.ts', 1, true) ~= nil and joined:find('preload.ts', 1, true) ~= nil, 'definition: renderer → preload and main', joined)

  -- 3. Rename rpc OpenFile → PickFile from the .proto: every file changes, applied by Neovim.
  local proto = open('proto/dialog.proto')
  local pl, pc = find(proto, 'OpenFile(')
  local edit = request(proto, 'textDocument/rename',
    { textDocument = { uri = vim.uri_from_bufnr(proto) }, position = { line = pl, character = pc + 1 }, newName = 'PickFile' })
  report(edit ~= nil, 'rename: workspace edit returned')
  if edit then
    vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
    vim.cmd('silent! wall')
    local function file_has(rel, text)
      local f = io.open(ROOT .. '/' .. rel)
      if not f then return false end
      local content = f:read('*a')
      f:close()
      return content:find(text, 1, true) ~= nil
    end
    report(file_has('proto/dialog.proto', 'rpc PickFile('), 'rename: proto')
    report(file_has('src/main.ts', "'dialog:pickFile'"), 'rename: main')
    report(file_has('src/preload.ts', "pickFile: ") and file_has('src/preload.ts', "'dialog:pickFile'"), 'rename: preload')
    report(file_has('src/renderer.ts', 'electronAPI.pickFile()'), 'rename: renderer')
    report(file_has('src/electron-api.d.ts', 'pickFile:'), 'rename: Window declaration')
  end
end)
if not ok then report(false, 'script error', tostring(err)) end
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
io.stdout:write(string.format('neovim: %d passed, %d failed\n', passes, failures))
if failures > 0 then vim.cmd('cquit 1') else vim.cmd('qa!') end
