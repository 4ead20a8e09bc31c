// digitctl serve: the dashboard page. Plain JavaScript, no libraries, nothing from a CDN.
'use strict';

const state = { overview: null, route: null, actionId: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function show(node) {
  const view = document.getElementById('view');
  view.replaceChildren(node);
}

function message(text, isError) {
  const m = document.getElementById('message');
  m.textContent = text || '';
  m.className = isError ? 'error' : '';
}

async function api(path) {
  const res = await fetch('/api/' + path, { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function token() {
  return sessionStorage.getItem('digitctl-token') || '';
}

async function act(name, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token()) headers.Authorization = 'Bearer ' + token();
  const res = await fetch('/api/actions/' + name, { method: 'POST', headers, body: JSON.stringify(body) });
  const out = await res.json();
  if (res.status === 401 || res.status === 403) {
    message(out.error || 'Not allowed.', true);
    return;
  }
  if (!res.ok) {
    message(out.error || res.statusText, true);
    return;
  }
  message(name + ' started: ' + out.what + ' in ' + out.environment);
  location.hash = '#/action/' + out.id;
}

function when(text) {
  return text ? text.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

// ---- overview ----

function overviewView(o) {
  const envs = o.environments;
  const head = el('tr', {}, el('th', {}, 'service'),
    envs.map(e => el('th', { 'data-env': e.name, class: 'env-col' },
      el('a', { href: '#/env/' + encodeURIComponent(e.name) }, e.name),
      el('small', {}, e.context),
      e.state === 'unreachable' ? el('small', { class: 'unreachable-col', title: e.error || '' }, 'unreachable: ' + (e.error || '')) : null,
      e.state === 'reading' ? el('small', {}, 'reading…') : null)));
  const rows = [];
  for (const group of o.modules) {
    rows.push(el('tr', { class: 'module' }, el('th', { colspan: envs.length + 1 }, group.module)));
    for (const row of group.services) {
      rows.push(el('tr', { 'data-service': row.service },
        el('th', {}, el('a', { href: '#/service/' + encodeURIComponent(row.service) }, row.service)),
        envs.map(e => cell(row, e))));
    }
  }
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', { colspan: envs.length + 1, class: 'empty' }, 'Nothing deployed by digitctl yet.')));
  }
  return el('div', {}, el('h1', {}, 'Environments'),
    el('table', { id: 'overview' }, el('thead', {}, head), el('tbody', {}, rows)));
}

function cell(row, env) {
  const c = row.cells[env.name];
  if (env.state === 'unreachable') {
    return el('td', { class: 'cell empty', 'data-service': row.service, 'data-env': env.name }, el('span', { class: 'health unreachable' }, 'unreachable'));
  }
  if (!c) return el('td', { class: 'cell empty', 'data-service': row.service, 'data-env': env.name }, '—');
  return el('td', { class: 'cell' + (c.changed ? ' changed' : ''), 'data-service': row.service, 'data-env': env.name,
      title: c.image + (c.changed ? ' (differs from the environment on the left)' : '') },
    el('div', { class: 'tag' }, c.tag),
    el('div', {}, el('span', { class: 'health ' + c.health, title: c.message }, c.health), ' ',
      el('span', { class: 'meta ready' }, c.ready + '/' + c.desired), el('span', { class: 'meta' }, ' · rev '),
      el('span', { class: 'meta revision', title: c.revisionStatus + ', ' + when(c.deployedAt) + ' by ' + c.deployedBy }, String(c.revision)),
      c.revisionStatus === 'deployed' ? null : el('span', { class: 'meta' }, ' ' + c.revisionStatus.split(' ')[0])));
}

// ---- service ----

async function serviceView(name) {
  const data = await api('services/' + encodeURIComponent(name));
  const refs = [];
  const sections = data.environments.map(e => {
    e.revisions.forEach(r => refs.push(e.environment + ':' + r.revision));
    if (e.revisions.length) refs.push(e.environment + ':live');
    const latest = e.revisions.length ? e.revisions[0].revision : null;
    return el('section', {},
      el('h2', {}, e.environment),
      e.error ? el('p', { class: 'unreachable-col' }, 'unreachable: ' + e.error) : null,
      e.revisions.length === 0 && !e.error ? el('p', { class: 'muted' }, 'No revisions.') : null,
      e.revisions.length ? el('table', { class: 'revisions', 'data-env': e.environment },
        el('thead', {}, el('tr', {}, ['revision', 'status', 'image', 'who', 'when', 'reason', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, e.revisions.map(r => el('tr', { 'data-revision': r.revision },
          el('td', {}, r.revision), el('td', {}, r.status), el('td', { class: 'tag' }, r.image), el('td', {}, r.who),
          el('td', {}, when(r.finishedAt || r.startedAt)), el('td', {}, r.message || ''),
          el('td', {}, r.revision !== latest && (r.status === 'deployed' || r.status === 'superseded')
            ? el('button', { class: 'rollback', 'data-env': e.environment, 'data-revision': r.revision,
              onclick: () => act('rollback', { environment: e.environment, service: name, revision: r.revision }) },
              'Roll back to ' + r.revision) : null))))) : null);
  });
  const from = el('select', { id: 'diff-from' }, refs.filter(r => !r.endsWith(':live')).map(r => el('option', { value: r }, r)));
  const to = el('select', { id: 'diff-to' }, refs.map(r => el('option', { value: r }, r)));
  if (to.options.length > 1) to.selectedIndex = 1;
  const out = el('div', { id: 'diff' });
  const button = el('button', { id: 'diff-show', onclick: async () => {
    try {
      const d = await api('services/' + encodeURIComponent(name) + '/diff?from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value));
      out.replaceChildren(d.changes.length === 0 ? el('p', {}, 'No differences (' + d.unchanged + ' objects the same).') : '',
        ...d.changes.map(c => el('div', {}, el('h2', {}, c.op + ' ' + c.object), diffBlock(c.diff))));
    } catch (err) { message(err.message, true); }
  } }, 'Show diff');
  return el('div', {}, el('h1', {}, name),
    el('div', { class: 'controls' }, 'Diff from', from, 'to', to, button, el('span', { class: 'muted' }, 'Secret values are always masked.')),
    out, sections);
}

function diffBlock(text) {
  return el('pre', {}, text.split('\n').map(line => el('span', {
    class: line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : null }, line + '\n')));
}

// ---- environment ----

async function envView(name) {
  const e = await api('environments/' + encodeURIComponent(name));
  const parts = [el('h1', {}, name + ' ', el('small', { class: 'muted' }, e.context))];
  if (e.state === 'unreachable') {
    parts.push(el('p', { class: 'unreachable-col' }, 'unreachable: ' + e.error));
  } else {
    parts.push(el('h2', {}, 'Services'), el('table', { id: 'env-services' },
      el('tr', {}, ['service', 'tag', 'health', 'ready', 'revision', 'deployed', 'by'].map(h => el('th', {}, h))),
      e.services.map(s => el('tr', {}, el('td', {}, el('a', { href: '#/service/' + encodeURIComponent(s.service) }, s.service)),
        el('td', { class: 'tag' }, s.tag), el('td', {}, el('span', { class: 'health ' + s.health, title: s.message }, s.health)),
        el('td', {}, s.ready + '/' + s.desired), el('td', {}, s.revision + ' ' + s.revisionStatus.split(' ')[0]),
        el('td', {}, when(s.deployedAt)), el('td', {}, s.deployedBy)))));
    const release = el('select', { id: 'release' }, e.releases.map(r => el('option', { value: r.product + '\u0000' + r.version }, r.product + ' ' + r.version)));
    const result = el('div', { id: 'conformance' });
    const check = async () => {
      const [product, version] = release.value.split('\u0000');
      try {
        const c = await api('environments/' + encodeURIComponent(name) + '/conformance?product=' + encodeURIComponent(product) + '&version=' + encodeURIComponent(version));
        result.replaceChildren(el('p', {}, c.conforms ? 'Conforms to ' + product + ' ' + version + '.' : 'Differs from ' + product + ' ' + version + ':'),
          el('table', {}, el('tr', {}, ['service', 'module', 'pinned', 'running', ''].map(h => el('th', {}, h))),
            c.services.map(s => el('tr', {}, el('td', {}, s.service), el('td', {}, s.module), el('td', { class: 'tag' }, s.pinned),
              el('td', { class: 'tag' }, s.running || '—'), el('td', {}, s.state)))));
      } catch (err) { message(err.message, true); }
    };
    parts.push(el('h2', {}, 'Conformance with a release'), el('div', { class: 'controls' }, release,
      el('button', { onclick: check }, 'Compare'),
      el('button', { class: 'redeploy', onclick: () => {
        const [product, version] = release.value.split('\u0000');
        act('redeploy', { environment: name, product, version });
      } }, 'Redeploy this release')), result);
    const cc = e.clusterConfigs;
    parts.push(el('h2', {}, 'cluster-configs keys changed since the last apply'),
      !cc ? el('p', { class: 'muted' }, 'No cluster-configs revision recorded.')
        : (cc.added.length + cc.removed.length + cc.changed.length === 0) ? el('p', {}, 'None (revision ' + cc.revision + ').')
        : el('ul', {}, cc.added.map(k => el('li', {}, 'added ' + k)), cc.removed.map(k => el('li', {}, 'removed ' + k)),
          cc.changed.map(k => el('li', {}, 'changed ' + k))));
    parts.push(el('h2', {}, 'Last deploys'), e.deploys.length === 0 ? el('p', { class: 'muted' }, 'None recorded.') :
      el('table', { id: 'deploys' }, el('tr', {}, ['deploy', 'what', 'result', 'who', 'finished', 'services'].map(h => el('th', {}, h))),
        e.deploys.map(d => el('tr', {}, el('td', {}, d.deployId), el('td', {}, d.description), el('td', {}, d.result), el('td', {}, d.who),
          el('td', {}, when(d.finishedAt)),
          el('td', {}, d.services.map(s => s.service + ' r' + s.revision + ' ' + s.result).join(', '))))));
  }
  return el('div', {}, parts);
}

// ---- an action started from the page ----

async function actionView(id) {
  const job = await api('actions/' + encodeURIComponent(id));
  state.actionId = id;
  return el('div', {}, el('h1', {}, job.kind + ' of ' + job.what + ' in ' + job.environment),
    el('p', {}, 'by ' + job.who + ' · ', el('span', { id: 'action-state' }, job.state)),
    el('pre', { id: 'progress' }, job.lines.join('\n') + '\n'));
}

function progressEvent(p) {
  if (state.actionId !== p.id) return;
  const pre = document.getElementById('progress');
  if (!pre) return;
  pre.append(p.line + '\n');
  const s = document.getElementById('action-state');
  if (s) s.textContent = p.state;
}

// ---- routing and live updates ----

async function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  const arg = decodeURIComponent(rest.join('/'));
  state.route = page || 'overview';
  state.actionId = null;
  try {
    if (!page) show(overviewView(state.overview || await api('overview')));
    else if (page === 'service') show(await serviceView(arg));
    else if (page === 'env') show(await envView(arg));
    else if (page === 'action') show(await actionView(arg));
    else show(el('p', {}, 'No page ' + page + '.'));
  } catch (err) {
    message(err.message, true);
  }
}

function navEnvs(o) {
  document.getElementById('envs').replaceChildren(...o.environments.map(e => el('a', { href: '#/env/' + encodeURIComponent(e.name) }, e.name)));
}

function connect() {
  const live = document.getElementById('live');
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
  source.addEventListener('error', () => { live.textContent = 'reconnecting'; live.classList.remove('on'); });
  source.addEventListener('overview', ev => {
    state.overview = JSON.parse(ev.data);
    navEnvs(state.overview);
    if (state.route === 'overview') show(overviewView(state.overview));
  });
  source.addEventListener('progress', ev => progressEvent(JSON.parse(ev.data)));
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('token-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const input = document.getElementById('token');
    sessionStorage.setItem('digitctl-token', input.value.trim());
    input.value = '';
    message(token() ? 'Token set for this tab.' : 'Token cleared.');
  });
  window.addEventListener('hashchange', () => { message(''); route(); });
  route();
  connect();
});
