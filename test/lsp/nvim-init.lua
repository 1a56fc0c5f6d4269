-- Headless Neovim (0.7+) as an LSP client of `bpf-migrate lsp`: waits for the diagnostics,
-- applies the quickfix offered at the first fixable one, waits for the server to clear them
-- from the edited (unsaved) buffer, writes the file and quits. It records what it saw in
-- $BPF_MIGRATE_RESULT as JSON; any failure exits non-zero.
local repo = assert(os.getenv('BPF_MIGRATE_REPO'))
local result_path = assert(os.getenv('BPF_MIGRATE_RESULT'))
local include = assert(os.getenv('BPF_MIGRATE_INCLUDE'))
local result = { steps = {} }

local function finish(ok, msg)
  result.ok = ok
  result.message = msg
  local f = io.open(result_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and 'qall!' or 'cquit! 3')
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local client_id = vim.lsp.start_client({
    name = 'bpf-migrate',
    cmd = { 'node', repo .. '/bin/bpf-migrate.js', 'lsp' },
    root_dir = vim.fn.fnamemodify(fname, ':h'),
    init_options = { includeDirs = { include } },
  })
  if not client_id then return finish(false, 'the client did not start') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  table.insert(result.steps, 'started')

  if not vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    return finish(false, 'no diagnostics within 30 s')
  end
  local diags = vim.diagnostic.get(bufnr)
  result.diagnostics = {}
  for _, d in ipairs(diags) do
    table.insert(result.diagnostics, { lnum = d.lnum, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), severity = d.severity, message = d.message })
  end

  -- Put the cursor on the first diagnostic and ask for the quick-fixes there, as <code action> would.
  table.sort(diags, function(a, b) return a.lnum < b.lnum end)
  local target
  for _, d in ipairs(diags) do
    if d.severity == vim.diagnostic.severity.WARN then target = d break end
  end
  target = target or diags[1]
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params()
  local line_diags = {}
  local ok_ld, ld = pcall(vim.lsp.diagnostic.get_line_diagnostics, bufnr)
  if ok_ld and ld then line_diags = ld end
  params.context = { diagnostics = line_diags, only = { 'quickfix' } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000)
  if not responses then return finish(false, 'no code action response') end
  local actions = {}
  for _, resp in pairs(responses) do
    for _, a in ipairs(resp.result or {}) do table.insert(actions, a) end
  end
  result.actions = {}
  for _, a in ipairs(actions) do table.insert(result.actions, { title = a.title, kind = a.kind }) end
  if #actions ~= 1 then return finish(false, 'expected exactly one quickfix, got ' .. #actions) end

  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding or 'utf-16')
  table.insert(result.steps, 'applied')

  -- The server sees the unsaved edit (incremental sync) and clears the diagnostics.
  if not vim.wait(30000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50) then
    return finish(false, 'diagnostics not cleared after the fix')
  end
  table.insert(result.steps, 'cleared')
  vim.cmd('write')
  table.insert(result.steps, 'written')
  vim.lsp.stop_client(client_id)
  finish(true, 'done')
end

vim.schedule(function()
  local ok, err = pcall(run)
  if not ok then finish(false, 'lua error: ' .. tostring(err)) end
end)
