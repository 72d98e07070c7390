-- ipcls: Electron IPC channels and their .proto contract, for Neovim 0.11+.
-- Put this folder on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/ipcls.lua), then:
--   vim.lsp.enable('ipcls')
---@type vim.lsp.Config
return {
  cmd = { 'ipcls', 'server' },
  filetypes = { 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte', 'proto' },
  root_markers = { 'ipcls.toml', 'package.json', '.git' },
  -- The keys of ipcls.toml; an ipcls.toml in the workspace wins.
  settings = { ipcls = {} },
}
