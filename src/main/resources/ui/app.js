// contactd dashboard: a client of the public /v3 API, nothing else.
// Rules kept throughout: the API key lives in sessionStorage and travels only in the Authorization
// header; every value from the server is inserted as text (textContent / text nodes), never as
// HTML; links from the server are used only when they are http(s) URLs.
'use strict';

(function () {
  const KEY = 'contactd.apiKey';
  const IMPORTS = 'contactd.imports';
  const PAGES = [
    ['overview', 'Overview'],
    ['contacts', 'Contacts'],
    ['lists', 'Lists'],
    ['fields', 'Custom fields'],
    ['exports', 'Exports'],
    ['imports', 'Imports'],
    ['keys', 'API keys'],
  ];
  let timer = null; // the one poll loop of the page on screen

  // ---- DOM helpers: text only --------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeUrl(u) {
    try {
      const url = new URL(u, location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }
  function link(href, text) {
    const u = safeUrl(href);
    return u ? el('a', { href: u, rel: 'noopener noreferrer' }, text) : el('span', {}, text);
  }
  function fmtTime(s) {
    if (!s) return '';
    const d = new Date(s);
    return isNaN(d) ? String(s) : d.toLocaleString();
  }
  function fmtIn(s) {
    const ms = Date.parse(s) - Date.now();
    if (isNaN(ms)) return '';
    if (ms <= 0) return 'expired';
    const h = Math.floor(ms / 3600000);
    return h >= 36 ? 'in ' + Math.round(ms / 86400000) + ' days' : h >= 1 ? 'in ' + h + ' h' : 'in ' + Math.max(1, Math.floor(ms / 60000)) + ' min';
  }
  function fmtNum(n) { return n === undefined || n === null ? '–' : Number(n).toLocaleString(); }
  function badge(status) { return el('span', { class: 'badge ' + String(status).replace(/[^a-z_]/g, '') }, status); }
  function errorBox(e) { return el('div', { class: 'error', role: 'alert' }, e && e.message ? e.message : String(e)); }
  function table(headers, rows, emptyText) {
    if (!rows.length) return el('p', { class: 'empty' }, emptyText || 'Nothing here yet.');
    return el('table', {},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { class: h.startsWith('#') ? 'num' : null }, h.replace(/^#/, ''))))),
      el('tbody', {}, rows));
  }

  // ---- API ---------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      const msgs = body && Array.isArray(body.errors) ? body.errors.map(x => x.message).filter(Boolean) : [];
      super(msgs.length ? msgs.join('; ') : 'HTTP ' + status);
      this.status = status;
    }
  }
  function key() { return sessionStorage.getItem(KEY); }
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + key(), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, {
      method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (r.status === 401) { signOut('That API key was not accepted.'); throw new ApiError(401, data); }
    if (!r.ok) throw new ApiError(r.status, data);
    return data;
  }
  async function allLists() {
    const out = [];
    let token = '';
    for (let i = 0; i < 20; i++) {
      const page = await api('GET', '/v3/marketing/lists?page_size=1000' + (token ? '&page_token=' + encodeURIComponent(token) : ''));
      out.push(...(page.result || []));
      const next = page._metadata && page._metadata.next;
      if (!next) break;
      token = new URL(next, location.href).searchParams.get('page_token');
      if (!token) break;
    }
    return out;
  }
  async function segmentsOrEmpty() {
    try { return (await api('GET', '/v3/marketing/segments/2.0')).results || []; }
    catch (e) { if (e.status === 404 || e.status === 403) return []; throw e; }
  }

  // ---- shell ---------------------------------------------------------------------------------
  function signOut(message) {
    sessionStorage.removeItem(KEY);
    showSignIn(message);
  }
  function showSignIn(message) {
    stopPolling();
    const input = el('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', placeholder: 'SG.xxxxxxxx.yyyyyyyy', required: true });
    const status = el('div', {});
    const form = el('form', {
      onsubmit: async ev => {
        ev.preventDefault();
        const candidate = input.value.trim();
        clear(status);
        // Checked against the API before it is kept: 401 means a wrong key; 403 (a key without
        // scopes.read) still signs in.
        const r = await fetch('/v3/scopes', { headers: { Authorization: 'Bearer ' + candidate }, credentials: 'omit', cache: 'no-store' });
        if (r.status === 401) { status.append(errorBox('That API key was not accepted.')); return; }
        sessionStorage.setItem(KEY, candidate);
        input.value = '';
        const page = currentPage();
        navigate(page === 'signin' ? 'overview' : page, true);
      },
    },
    el('label', { for: 'api-key' }, 'API key', input),
    el('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
    status);
    const app = clear(document.getElementById('app'));
    app.append(el('div', { class: 'signin' },
      el('h1', {}, el('img', { src: '/ui/assets/icon.svg', alt: '' }), 'contactd'),
      el('p', { class: 'muted' }, 'Sign in with an API key (./contactd keys create). It is kept in this tab only, until you sign out or close it.'),
      message ? el('div', { class: 'notice' }, message) : null,
      form));
    input.focus();
  }
  function currentPage() {
    const m = location.pathname.match(/^\/ui\/([a-z]+)$/);
    return m && PAGES.some(p => p[0] === m[1]) ? m[1] : 'overview';
  }
  function navigate(page, replace) {
    const path = '/ui/' + page;
    if (location.pathname !== path) {
      if (replace) history.replaceState({}, '', path); else history.pushState({}, '', path);
    }
    render();
  }
  function stopPolling() { if (timer) { clearTimeout(timer); timer = null; } }
  function poll(fn, ms) {
    stopPolling();
    const page = currentPage();
    timer = setTimeout(async () => {
      timer = null;
      if (currentPage() !== page || !key()) return;
      try { await fn(); } catch (e) { /* shown by fn on the next full render */ }
    }, ms);
  }
  function render() {
    stopPolling();
    if (!key()) { showSignIn(); return; }
    const page = currentPage();
    const main = el('main', { id: 'main' });
    const nav = el('nav', { class: 'side' },
      el('div', { class: 'brand' }, el('img', { src: '/ui/assets/icon.svg', alt: '' }), 'contactd'),
      PAGES.map(([id, title]) => el('a', {
        href: '/ui/' + id, id: 'nav-' + id, class: id === page ? 'active' : null,
        onclick: ev => { ev.preventDefault(); navigate(id); },
      }, title)),
      el('div', { class: 'spacer' }),
      el('button', { class: 'secondary', id: 'sign-out', onclick: () => signOut('Signed out.') }, 'Sign out'));
    clear(document.getElementById('app')).append(el('div', { class: 'layout' }, nav, main));
    document.title = 'contactd · ' + PAGES.find(p => p[0] === page)[1];
    VIEWS[page](main).catch(e => main.append(errorBox(e)));
  }
  window.addEventListener('popstate', render);

  // ---- overview ------------------------------------------------------------------------------
  async function overview(main) {
    main.append(el('h1', {}, 'Overview'));
    const [count, lists, segments, fields] = await Promise.all([
      api('GET', '/v3/marketing/contacts/count'),
      allLists(),
      segmentsOrEmpty(),
      api('GET', '/v3/marketing/field_definitions'),
    ]);
    const card = (label, value, id) => el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id }, value));
    main.append(el('div', { class: 'cards' },
      card('Contacts', fmtNum(count.contact_count), 'count-contacts'),
      card('Lists', fmtNum(lists.length), 'count-lists'),
      card('Segments', fmtNum(segments.length), 'count-segments'),
      card('Custom fields', fmtNum((fields.custom_fields || []).length), 'count-fields')));
    const jobs = el('div', {});
    main.append(el('h2', {}, 'Exports'), jobs);
    const imports = el('div', {});
    main.append(el('h2', {}, 'Imports started in this tab'), imports);
    const refresh = async () => {
      const exports = (await api('GET', '/v3/marketing/contacts/exports')).result || [];
      exports.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
      clear(jobs).append(exportTable(exports.slice(0, 8)));
      const importJobs = await importStatuses();
      clear(imports).append(importTable(importJobs));
      if (exports.some(x => x.status === 'pending') || importJobs.some(x => x.status === 'pending')) poll(refresh, 1500);
    };
    await refresh();
  }

  // ---- contacts ------------------------------------------------------------------------------
  const PAGE_SIZE = 10;
  async function contacts(main) {
    main.append(el('h1', {}, 'Contacts'));
    const q = el('input', { type: 'text', id: 'search', placeholder: 'email address', 'aria-label': 'Search' });
    const out = el('div', {});
    const form = el('form', { class: 'inline', onsubmit: ev => { ev.preventDefault(); search(q.value.trim(), out); } },
      el('label', {}, 'Find by email', q),
      el('button', { type: 'submit' }, 'Search'),
      el('button', { type: 'button', class: 'secondary', onclick: () => { q.value = ''; sample(out); } }, 'Show recent'));
    main.append(el('div', { class: 'panel' }, form), out);
    await sample(out);
  }
  function contactRows(list) {
    return list.map(c => el('tr', {},
      el('td', {}, c.email || ''),
      el('td', {}, c.first_name || ''),
      el('td', {}, c.last_name || ''),
      el('td', { class: 'num' }, (c.list_ids || []).length),
      el('td', {}, fmtTime(c.updated_at)),
      el('td', { class: 'mono muted' }, c.id)));
  }
  const CONTACT_HEADERS = ['Email', 'First name', 'Last name', '#Lists', 'Updated', 'ID'];
  async function sample(out) {
    const data = await api('GET', '/v3/marketing/contacts');
    const all = data.result || [];
    let page = 0;
    const body = el('div', {});
    const draw = () => {
      const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
      clear(body).append(
        el('p', { class: 'muted' }, `${fmtNum(data.contact_count)} contacts in all; the API shows the ${all.length} most recently changed (search finds any).`),
        table(CONTACT_HEADERS, contactRows(all.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)), 'No contacts yet: import a CSV.'),
        el('div', { class: 'pager' },
          el('button', { class: 'secondary', disabled: page === 0, onclick: () => { page--; draw(); } }, '‹ Previous'),
          el('span', { class: 'muted' }, `page ${page + 1} of ${pages}`),
          el('button', { class: 'secondary', disabled: page + 1 >= pages, onclick: () => { page++; draw(); } }, 'Next ›')));
    };
    draw();
    clear(out).append(body);
  }
  async function search(text, out) {
    clear(out);
    if (!text) return sample(out);
    const emails = text.split(/[\s,;]+/).filter(Boolean);
    if (emails.every(x => x.includes('@'))) {
      try {
        const data = await api('POST', '/v3/marketing/contacts/search/emails', { emails });
        const found = Object.values(data.result || {}).map(r => r.contact).filter(Boolean);
        out.append(table(CONTACT_HEADERS, contactRows(found), 'No contact has that address.'));
      } catch (e) {
        out.append(e.status === 404 ? el('p', { class: 'empty' }, 'No contact has that address.') : errorBox(e));
      }
      return;
    }
    // Not an address: an SGQL query, where the server offers the search endpoint.
    try {
      const data = await api('POST', '/v3/marketing/contacts/search', { query: text });
      out.append(el('p', { class: 'muted' }, `${fmtNum(data.contact_count)} match`),
        table(CONTACT_HEADERS, contactRows(data.result || []), 'No contact matches.'));
    } catch (e) {
      out.append(e.status === 404 || e.status === 405
        ? el('div', { class: 'notice' }, 'Enter an email address (this server has no query search).')
        : errorBox(e));
    }
  }

  // ---- lists ---------------------------------------------------------------------------------
  async function lists(main) {
    main.append(el('h1', {}, 'Lists'));
    const name = el('input', { type: 'text', id: 'list-name', placeholder: 'Newsletter', required: true, maxlength: 100 });
    const status = el('div', {});
    const out = el('div', {});
    const draw = async () => {
      const all = await allLists();
      clear(out).append(table(['Name', '#Contacts', 'ID', ''], all.map(l => el('tr', {},
        el('td', {}, l.name),
        el('td', { class: 'num' }, fmtNum(l.contact_count)),
        el('td', { class: 'mono muted' }, l.id),
        el('td', {}, el('button', { class: 'danger', onclick: async () => {
          if (!confirm('Delete the list "' + l.name + '"? Its contacts stay.')) return;
          try { await api('DELETE', '/v3/marketing/lists/' + encodeURIComponent(l.id)); await draw(); }
          catch (e) { clear(status).append(errorBox(e)); }
        } }, 'Delete')))), 'No lists yet.'));
    };
    main.append(el('div', { class: 'panel' }, el('form', { class: 'inline', id: 'create-list', onsubmit: async ev => {
      ev.preventDefault();
      clear(status);
      try {
        await api('POST', '/v3/marketing/lists', { name: name.value.trim() });
        name.value = '';
        await draw();
      } catch (e) { status.append(errorBox(e)); }
    } }, el('label', {}, 'New list', name), el('button', { type: 'submit' }, 'Create list')), status), out);
    await draw();
  }

  // ---- custom fields -------------------------------------------------------------------------
  async function fields(main) {
    main.append(el('h1', {}, 'Custom fields'));
    const name = el('input', { type: 'text', id: 'field-name', placeholder: 'favourite_colour', required: true });
    const type = el('select', { id: 'field-type' }, ['Text', 'Number', 'Date'].map(t => el('option', { value: t }, t)));
    const status = el('div', {});
    const out = el('div', {});
    const draw = async () => {
      const data = await api('GET', '/v3/marketing/field_definitions');
      const custom = data.custom_fields || [];
      clear(out).append(
        table(['Name', 'Type', 'ID', ''], custom.map(f => el('tr', {},
          el('td', {}, f.name), el('td', {}, f.field_type), el('td', { class: 'mono muted' }, f.id),
          el('td', {}, el('button', { class: 'danger', onclick: async () => {
            if (!confirm('Delete the field "' + f.name + '" and its values on every contact?')) return;
            try { await api('DELETE', '/v3/marketing/field_definitions/' + encodeURIComponent(f.id)); await draw(); }
            catch (e) { clear(status).append(errorBox(e)); }
          } }, 'Delete')))), 'No custom fields yet.'),
        el('h2', {}, 'Reserved fields'),
        table(['Name', 'Type', 'ID'], (data.reserved_fields || []).map(f => el('tr', {},
          el('td', {}, f.name, f.read_only ? el('span', { class: 'muted' }, ' (read-only)') : null),
          el('td', {}, f.field_type), el('td', { class: 'mono muted' }, f.id)))));
    };
    main.append(el('div', { class: 'panel' }, el('form', { class: 'inline', onsubmit: async ev => {
      ev.preventDefault();
      clear(status);
      try {
        await api('POST', '/v3/marketing/field_definitions', { name: name.value.trim(), field_type: type.value });
        name.value = '';
        await draw();
      } catch (e) { status.append(errorBox(e)); }
    } }, el('label', {}, 'Name', name), el('label', {}, 'Type', type), el('button', { type: 'submit' }, 'Create field')), status), out);
    await draw();
  }

  // ---- exports -------------------------------------------------------------------------------
  function exportTable(exports) {
    const now = Date.now();
    return table(['Created', 'Status', 'Type', 'Lists / segments', '#Contacts', 'Expires', 'Files'], exports.map(x => {
      const expired = x.expires_at && Date.parse(x.expires_at) < now;
      const names = [...(x.lists || []).map(l => l.Name || l.ID), ...(x.segments || []).map(s => s.Name || s.ID)];
      return el('tr', { 'data-export-id': x.id },
        el('td', {}, fmtTime(x.created_at)),
        el('td', { class: 'export-status' }, badge(expired && x.status === 'ready' ? 'expired' : x.status), x.message ? el('div', { class: 'muted' }, x.message) : null),
        el('td', {}, x.export_type || ''),
        el('td', {}, names.length ? names.join(', ') : el('span', { class: 'muted' }, 'all contacts')),
        el('td', { class: 'num' }, fmtNum(x.contact_count)),
        el('td', {}, fmtTime(x.expires_at), el('span', { class: 'soon' }, fmtIn(x.expires_at))),
        el('td', { class: 'links' }, expired ? null : (x.urls || []).map((u, i) => link(u, 'file ' + (i + 1)))));
    }), 'No exports yet.');
  }
  async function exportsPage(main) {
    main.append(el('h1', {}, 'Exports'));
    const [lists, segments] = await Promise.all([allLists(), segmentsOrEmpty()]);
    const listChecks = lists.map(l => el('input', { type: 'checkbox', value: l.id, 'data-name': l.name }));
    const segChecks = segments.map(s => el('input', { type: 'checkbox', value: s.id }));
    const fileType = el('select', { id: 'export-type' }, el('option', { value: 'csv' }, 'CSV'), el('option', { value: 'json' }, 'JSON'));
    const status = el('div', {});
    const out = el('div', {});
    const draw = async () => {
      const exports = (await api('GET', '/v3/marketing/contacts/exports')).result || [];
      exports.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
      clear(out).append(exportTable(exports));
      if (exports.some(x => x.status === 'pending')) poll(draw, 1000);
    };
    main.append(el('div', { class: 'panel' }, el('form', { id: 'create-export', onsubmit: async ev => {
      ev.preventDefault();
      clear(status);
      const body = {
        list_ids: listChecks.filter(c => c.checked).map(c => c.value),
        segment_ids: segChecks.filter(c => c.checked).map(c => c.value),
        file_type: fileType.value,
      };
      try { await api('POST', '/v3/marketing/contacts/exports', body); await draw(); }
      catch (e) { status.append(errorBox(e)); }
    } },
    el('div', { class: 'muted' }, 'Lists (none ticked: all contacts)'),
    el('div', { class: 'checks' }, lists.length ? lists.map((l, i) => el('label', { class: 'check' }, listChecks[i], l.name)) : el('span', { class: 'muted' }, 'no lists')),
    segments.length ? [el('div', { class: 'muted' }, 'Segments'), el('div', { class: 'checks' }, segments.map((s, i) => el('label', { class: 'check' }, segChecks[i], s.name)))] : null,
    el('div', { class: 'row' }, el('label', {}, 'Format', fileType), el('button', { type: 'submit' }, 'Export'))), status), out);
    await draw();
  }

  // ---- imports -------------------------------------------------------------------------------
  function rememberedImports() {
    try { return JSON.parse(sessionStorage.getItem(IMPORTS) || '[]'); } catch (e) { return []; }
  }
  function rememberImport(id, name) {
    const all = rememberedImports().filter(x => x.id !== id);
    all.unshift({ id, name });
    sessionStorage.setItem(IMPORTS, JSON.stringify(all.slice(0, 20)));
  }
  async function importStatuses() {
    const out = [];
    for (const { id, name } of rememberedImports()) {
      try { out.push(Object.assign({ file: name }, await api('GET', '/v3/marketing/contacts/imports/' + encodeURIComponent(id)))); }
      catch (e) { if (e.status !== 404) throw e; }
    }
    return out;
  }
  function importTable(jobs) {
    return table(['Started', 'File', 'Status', '#Rows', '#Created', '#Updated', '#Errored', 'Errors'], jobs.map(j => {
      const r = j.results || {};
      return el('tr', { 'data-import-id': j.id },
        el('td', {}, fmtTime(j.started_at)),
        el('td', {}, j.file || ''),
        el('td', { class: 'import-status' }, badge(j.status), j.message ? el('div', { class: 'muted' }, j.message) : null),
        el('td', { class: 'num' }, fmtNum(r.requested_count)),
        el('td', { class: 'num import-created' }, fmtNum(r.created_count)),
        el('td', { class: 'num' }, fmtNum(r.updated_count)),
        el('td', { class: 'num' }, fmtNum(r.errored_count)),
        el('td', {}, r.errors_url ? link(r.errors_url, 'errors file') : null));
    }), 'No imports started in this tab.');
  }
  /** The header row of a CSV (quotes understood), from the first 64 KB of the file. */
  async function csvHeader(file) {
    const text = await file.slice(0, 65536).text();
    const cells = [];
    let cell = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cell); cell = ''; }
      else if (ch === '\n' || ch === '\r') break;
      else cell += ch;
    }
    cells.push(cell);
    return cells.map(c => c.replace(/^\uFEFF/, '').trim());
  }
  function upload(uri, headers, file, progress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', uri);
      for (const h of headers || []) xhr.setRequestHeader(h.header, h.value);
      xhr.upload.onprogress = ev => { if (ev.lengthComputable) { progress.max = ev.total; progress.value = ev.loaded; } };
      xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error('upload failed: HTTP ' + xhr.status)));
      xhr.onerror = () => reject(new Error('upload failed: the connection broke'));
      xhr.send(file);
    });
  }
  async function importsPage(main) {
    main.append(el('h1', {}, 'Imports'));
    const [defs, lists] = await Promise.all([api('GET', '/v3/marketing/field_definitions'), allLists()]);
    const targets = [
      ...(defs.reserved_fields || []).filter(f => !f.read_only),
      ...(defs.custom_fields || []),
    ];
    const fileInput = el('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv' });
    const mapping = el('div', { class: 'mapping', id: 'import-mapping' });
    const listChecks = lists.map(l => el('input', { type: 'checkbox', value: l.id, 'data-name': l.name }));
    const progress = el('progress', { id: 'import-progress', value: 0, max: 1 });
    const status = el('div', {});
    const out = el('div', {});
    let selects = [];
    fileInput.addEventListener('change', async () => {
      clear(mapping); clear(status); selects = [];
      const file = fileInput.files[0];
      if (!file) return;
      const header = await csvHeader(file);
      header.forEach((name, i) => {
        const wanted = name.toLowerCase().replace(/[\s-]+/g, '_');
        const sel = el('select', { 'data-column': i, 'aria-label': 'field for column ' + (i + 1) },
          el('option', { value: '' }, '— skip this column —'),
          targets.map(f => el('option', { value: f.id, selected: f.name.toLowerCase() === wanted }, f.name)));
        selects.push(sel);
        mapping.append(el('span', { class: 'mono' }, name || '(column ' + (i + 1) + ')'), sel);
      });
    });
    const draw = async () => {
      const jobs = await importStatuses();
      clear(out).append(importTable(jobs));
      if (jobs.some(j => j.status === 'pending')) poll(draw, 1000);
    };
    const button = el('button', { type: 'submit', id: 'start-import' }, 'Upload and import');
    main.append(el('div', { class: 'panel' }, el('form', { id: 'import-form', onsubmit: async ev => {
      ev.preventDefault();
      clear(status);
      const file = fileInput.files[0];
      if (!file) { status.append(errorBox('Choose a CSV file first.')); return; }
      button.disabled = true;
      try {
        const job = await api('PUT', '/v3/marketing/contacts/imports', {
          file_type: 'csv',
          field_mappings: selects.map(s => s.value || null),
          list_ids: listChecks.filter(c => c.checked).map(c => c.value),
        });
        rememberImport(job.job_id, file.name);
        progress.value = 0;
        await upload(job.upload_uri, job.upload_headers, file, progress);
        progress.max = 1; progress.value = 1;
        status.append(el('div', { class: 'notice' }, 'Uploaded ' + file.name + '; the import runs now.'));
        await draw();
      } catch (e) {
        status.append(errorBox(e));
      } finally {
        button.disabled = false;
      }
    } },
    el('div', { class: 'row' }, el('label', {}, 'CSV file (first row: column names)', fileInput)),
    mapping,
    el('div', { class: 'muted' }, 'Add the contacts to lists'),
    el('div', { class: 'checks' }, lists.length ? lists.map((l, i) => el('label', { class: 'check' }, listChecks[i], l.name)) : el('span', { class: 'muted' }, 'no lists')),
    el('div', { class: 'row' }, button),
    el('label', {}, 'Upload', progress)), status), el('h2', {}, 'Imports started in this tab'), out);
    await draw();
  }

  // ---- API keys ------------------------------------------------------------------------------
  async function keysPage(main) {
    main.append(el('h1', {}, 'API keys'));
    let mine = [];
    try { mine = (await api('GET', '/v3/scopes')).scopes || []; } catch (e) { if (e.status !== 403) throw e; }
    mine.sort();
    const name = el('input', { type: 'text', id: 'key-name', placeholder: 'ci-export', required: true, maxlength: 100 });
    const checks = mine.map(s => el('input', { type: 'checkbox', value: s, checked: true }));
    const preset = (test) => () => checks.forEach(c => { c.checked = test(c.value); });
    const shown = el('div', {});
    const status = el('div', {});
    const out = el('div', {});
    const ownId = (key() || '').split('.')[1];
    const draw = async () => {
      const data = await api('GET', '/v3/api_keys');
      clear(out).append(table(['Name', 'ID', ''], (data.result || []).map(k => el('tr', {},
        el('td', {}, k.name, k.api_key_id === ownId ? el('span', { class: 'muted' }, ' (this session)') : null),
        el('td', { class: 'mono muted' }, k.api_key_id),
        el('td', {}, el('button', { class: 'danger', onclick: async () => {
          const own = k.api_key_id === ownId;
          if (!confirm('Revoke the key "' + k.name + '"?' + (own ? ' It is the key of this session: you will be signed out.' : ''))) return;
          try {
            await api('DELETE', '/v3/api_keys/' + encodeURIComponent(k.api_key_id));
            if (own) { signOut('The key of this session was revoked.'); return; }
            await draw();
          } catch (e) { clear(status).append(errorBox(e)); }
        } }, 'Revoke')))), 'No keys.'));
    };
    main.append(el('div', { class: 'panel' }, el('form', { id: 'create-key', onsubmit: async ev => {
      ev.preventDefault();
      clear(status); clear(shown);
      try {
        const created = await api('POST', '/v3/api_keys', { name: name.value.trim(), scopes: checks.filter(c => c.checked).map(c => c.value) });
        name.value = '';
        const secret = el('div', { class: 'secret', id: 'new-key' }, created.api_key);
        shown.append(el('div', { class: 'notice' }, 'The new key is shown this once; copy it now.'), secret,
          el('div', { class: 'row' },
            el('button', { type: 'button', class: 'secondary', onclick: () => navigator.clipboard && navigator.clipboard.writeText(created.api_key) }, 'Copy'),
            el('button', { type: 'button', class: 'secondary', onclick: () => clear(shown) }, 'Done, hide it')));
        await draw();
      } catch (e) { status.append(errorBox(e)); }
    } },
    el('div', { class: 'row' }, el('label', {}, 'Name', name)),
    el('div', { class: 'row' },
      el('span', { class: 'muted' }, 'Scopes (a key gets at most the scopes of yours):'),
      el('button', { type: 'button', class: 'secondary', onclick: preset(() => true) }, 'All'),
      el('button', { type: 'button', class: 'secondary', onclick: preset(s => s.endsWith('.read')) }, 'Read-only'),
      el('button', { type: 'button', class: 'secondary', onclick: preset(s => s.startsWith('marketing.')) }, 'Marketing'),
      el('button', { type: 'button', class: 'secondary', onclick: preset(() => false) }, 'None')),
    el('div', { class: 'scopes' }, mine.length ? mine.map((s, i) => el('label', { class: 'check' }, checks[i], el('span', { class: 'mono' }, s))) : el('span', { class: 'muted' }, 'this key may not read its scopes')),
    el('button', { type: 'submit' }, 'Create key')), status, shown), out);
    await draw();
  }

  const VIEWS = {
    overview, contacts, lists, fields, exports: exportsPage, imports: importsPage, keys: keysPage,
  };
  render();
})();
