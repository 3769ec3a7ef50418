#!/usr/bin/env python3
"""Build dist/: transpile sdk_src/ with Transcrypt, render templates/ with jinja2
from the spec module, bundle with esbuild, report sizes.

    python build.py            # build dist/ (profile pilot-status) and its npm package folder
    python build.py --readme   # also refresh the generated API tables and pinned script tags in README.md

Besides the bundles, every build writes the release artifacts (buildtools/release.py):
dist/<version>/ (byte-identical copies of the script-tag files), dist/manifest.json
(bytes and SHA-384 integrity of every file) and the publishable npm package folder
(package.json, the npm README from templates/package_readme.md.j2, CHANGELOG.md, dist/).

Output is written to a staging folder and swapped into place only when every
step succeeded, so a failed build never leaves a half-written dist/.
"""
import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time

import jinja2

ROOT = os.path.dirname(os.path.abspath(__file__))
SDK_SRC = os.path.join(ROOT, 'sdk_src')
# The SDK's own Transcrypt runtime (Transcrypt finds it in the source tree first).
RUNTIME = os.path.join(SDK_SRC, 'org', 'transcrypt', '__runtime__.js')
BUILD = os.path.join(ROOT, 'build')
TRANSPILED = os.path.join(BUILD, 'transpiled')
GENERATED = os.path.join(BUILD, 'generated')
DIST = os.path.join(ROOT, 'dist')
# What Transcrypt is given: one root module importing every facade, no extra search path.
TRANSPILE_ENTRY = os.path.join(SDK_SRC, 'transpile_root.py')
TRANSPILE_SEARCH = []

sys.path.insert(0, SDK_SRC)
sys.path.insert(0, ROOT)

import api_spec  # noqa: E402
import platform_contract  # noqa: E402
import profiles  # noqa: E402
from buildtools import esbuild, release, sizes, tidy_transpiled, transcrypt_rules  # noqa: E402


# The frame kit's public functions (sdk_src/frame_api.py).
FRAME_FUNCTIONS = ['start', 'stop', 'on', 'once', 'off', 'getToken', 'getScope', 'getPage', 'getState',
                   'parentOrigin',
                   'reportUnread', 'conversationOpened', 'reportMessage', 'reportError', 'requestOpen', 'requestClose',
                   'sessionExpired']


class BuildError(Exception):
    pass


def package_version():
    with open(os.path.join(ROOT, 'package.json')) as f:
        return json.load(f)['version']


def check_sources():
    """Reject constructs Transcrypt compiles differently from CPython (or aborts on
    with a vague message) before transpiling, with the exact file and line: in every
    module the transpile below compiles (the entry's import closure)."""
    violations = transcrypt_rules.check_files(transcrypt_rules.transpiled_files(TRANSPILE_ENTRY, TRANSPILE_SEARCH),
                                              [SDK_SRC])
    if violations:
        raise BuildError('sdk_src/ uses constructs that do not survive transpilation:\n'
                         + '\n'.join(str(v) for v in violations))


def transpile():
    """Transcrypt -b -n -m; any compile error aborts with Transcrypt's file and line."""
    if os.path.isdir(TRANSPILED):
        shutil.rmtree(TRANSPILED)
    cmd = [sys.executable, '-m', 'transcrypt', '-b', '-n', '-m', '-od', os.path.relpath(TRANSPILED, SDK_SRC),
           TRANSPILE_ENTRY]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or 'Error while compiling' in output or 'Traceback' in output:
        raise BuildError('Transcrypt failed (exit ' + str(result.returncode) + '):\n' + output)
    try:
        tidy_transpiled.tidy_dir(TRANSPILED, RUNTIME)
    except tidy_transpiled.TidyError as e:
        raise BuildError(str(e)) from None
    # Transcrypt emits ES modules; tell esbuild and Node so regardless of the root package.json.
    with open(os.path.join(TRANSPILED, 'package.json'), 'w') as f:
        f.write('{"type": "module"}\n')


def ts_type(field):
    t = field['type']
    if t in ('string', 'url'):
        return 'string'
    if t == 'boolean':
        return 'boolean'
    if t == 'integer':
        return 'number'
    if t == 'enum':
        return ' | '.join(json.dumps(v) for v in field['values'])
    if t == 'string-list':
        return 'string[]'
    if t == 'user':
        return 'UserContext'
    if t == 'contact':
        return 'ContactFields'
    if t == 'element-or-selector':
        return 'HTMLElement | string'
    if t == 'function':
        return field.get('ts', '() => void')
    if t in ('height', 'count'):
        return 'number'
    if t == 'customer':
        return 'CustomerInfo'
    raise BuildError('no TypeScript type for spec type ' + t)


def event_ts(event):
    if not event['payload']:
        return 'void'
    parts = ['%s%s: %s' % (p['name'], '?' if p.get('optional') else '', ts_type(p)) for p in event['payload']]
    return '{ ' + '; '.join(parts) + ' }'


def applies(item, profile_id):
    # Imported here, after check_sources() has vetted sdk_src (a syntax error there is
    # then reported as file:line, not as a traceback from this import).
    from config import field_applies
    return field_applies(item, profiles.PROFILES[profile_id])


# The headless store's fields (getState()) and their TypeScript types. The build
# checks them against the state a fresh HeadlessClient reports under CPython.
HEADLESS_STATE_TS = {
    'session': 'WidgetSession | null',
    'greeting': 'string | null',
    'disclosure': 'string | null',
    'isResumed': 'boolean',
    'messages': 'readonly Message[]',
    'isLoading': 'boolean',
    'connectionStatus': 'ConnectionStatus',
    'isConnected': 'boolean',
    'error': 'string | null',
    'errorCode': 'string | null',
    'isOpen': 'boolean',
    'sessionLoading': 'boolean',
}


class _StatePlatform:
    """The headless platform for a HeadlessClient that is never started: every method
    of the headless contract (sdk_src/platform_contract.py), of which a fresh client
    calls listen_visibility only; any other call fails the build."""

    def listen_visibility(self, handler):
        return lambda: None

    def make_timestamp(self, ms):
        raise BuildError('a fresh headless client has no messages')


def _not_at_build_time(name):
    def call(self, *args):
        raise BuildError('a fresh headless client called platform.' + name + '() while the build read its state')
    call.__name__ = name
    return call


for _name in platform_contract.methods_of(platform_contract.HEADLESS):
    if not hasattr(_StatePlatform, _name):
        setattr(_StatePlatform, _name, _not_at_build_time(_name))


def headless_initial_state(profile_id, version):
    """getState() of a fresh client, computed by the Python core itself: the React
    provider renders it (server side and before its client exists)."""
    import headless as headless_core   # here, not at the top: check_sources() reports broken sources first
    runtime = profiles.runtime_profile(profile_id, version)
    options = {f['name']: f['default'] for f in api_spec.HEADLESS_FIELDS}
    options.update(inboxId='x', apiBase=runtime['defaultApiBase'], authToken=None)
    state = headless_core.HeadlessClient(runtime, _StatePlatform(), options).get_state()
    if sorted(state) != sorted(HEADLESS_STATE_TS):
        raise BuildError('headless state fields changed; update HEADLESS_STATE_TS in build.py: core has %s'
                         % sorted(state))
    return state


def headless_statuses():
    import headless as headless_core
    return headless_core.STATUSES


def react_context(profile_id, version, config_fields, commands):
    profile = profiles.PROFILES[profile_id]
    option_names = [f['name'] for f in config_fields]
    identity = [n for n in api_spec.HOOK_IDENTITY_OPTIONS if n in option_names]
    # A command that declares the option it sets applies that option at run time.
    live = [{'option': c['option'], 'command': c['name']} for c in commands
            if c.get('option') in option_names and c['option'] not in identity]
    callbacks = [f['name'] for f in config_fields if f['type'] == 'function' and f['name'] not in identity]
    headless_fields = []
    for field in api_spec.HEADLESS_FIELDS:
        if applies(field, profile_id):
            headless_fields.append({'name': field['name'], 'ts': ts_type(field),
                                    'doc': api_spec.DOCS['headless.' + field['name']],
                                    'required': field['name'] in api_spec.HEADLESS_REQUIRED,
                                    'identity': field['name'] in api_spec.HEADLESS_IDENTITY_PROPS})
    main = profile['mainEntry']
    return {
        'hook_name': profile['reactHook'],
        'provider_name': profile['headlessProvider'],
        'headless_hook': profile['headlessHook'],
        # The React entry points import the core through the package's own exports.
        'root_specifier': profile['packageName'] + ('' if main == '.' else main[1:]),
        'headless_core_specifier': profile['packageName'] + '/headless/core',
        'hook_identity': identity,
        'hook_live_options': live,
        'hook_callbacks': callbacks,
        'headless_fields': headless_fields,
        'headless_identity': [f['name'] for f in headless_fields if f['identity']],
        'headless_initial_state': headless_initial_state(profile_id, version),
        'headless_state_ts': HEADLESS_STATE_TS,
        'connection_statuses': ' | '.join(json.dumps(s) for s in headless_statuses()),
        'customer_fields': api_spec.CUSTOMER_FIELDS,
    }


ERROR_CLASS_DOCS = {
    'SdkError': 'Base class of every error the SDK throws (for `instanceof` checks; the SDK constructs them).',
    'ConfigError': 'An options object (init(), connect(), createHeadless()) had an unknown, missing or invalid option.',
    'ArgumentError': 'A command, on() or off() got an invalid argument.',
    'StateError': 'A call came at a time it cannot run.',
}


def ts_key(name):
    return name if re.match(r'^[A-Za-z_]\w*$', name) else json.dumps(name)


def frame_context():
    if sorted(api_spec.FRAME_EVENT_TS) != sorted(api_spec.FRAME_EVENTS):
        raise BuildError('api_spec.FRAME_EVENT_TS must give a payload type for exactly the FRAME_EVENTS')
    return {
        'frame_events': [{'name': n, 'key': ts_key(n), 'ts': api_spec.FRAME_EVENT_TS[n],
                          'doc': api_spec.FRAME_EVENT_DOCS.get(n)} for n in api_spec.FRAME_EVENTS],
        'frame_init_options': [{'name': f['name'], 'ts': ts_type(f)} for f in api_spec.CONFIG_FIELDS if f.get('frame')],
    }


def headless_api_context():
    """createHeadless()'s members (api_spec.HEADLESS_API) for the JS facade, the .d.ts and the React hooks."""
    members = []
    for m in api_spec.HEADLESS_API:
        members.append(dict(m, params=', '.join('%s: %s' % (a['name'], a['ts']) for a in m['args']),
                            arg_names=[a['name'] for a in m['args']]))
    return {
        'headless_api': members,
        'headless_async': [m['name'] for m in members if m['hook'] and m['call'] != 'direct'],
        'headless_sync': [m['name'] for m in members if m['hook'] and m['call'] == 'direct'],
    }


def error_context():
    """The error classes and codes, from api_spec.ERROR_CODES."""
    import errors   # here, not at the top: check_sources() reports broken sources first
    rows = api_spec.ERROR_CODES
    classes = ['SdkError']
    for row in rows:
        classes += [c for c in row['classes'] if c not in classes]
    for name in classes:
        if not isinstance(getattr(errors, name, None), type) or not issubclass(getattr(errors, name), errors.SdkError):
            raise BuildError('ERROR_CODES names %s, which sdk_src/errors.py does not define as an SdkError' % name)
    frame_classes = ['SdkError'] + [c for c in classes[1:] if any(c in r['classes'] and 'frame' in r['where']
                                                                   for r in rows)]
    return {
        'error_codes': ' | '.join(json.dumps(r['code']) for r in rows),
        'error_rows': rows,
        'error_classes': classes,
        'frame_error_classes': frame_classes,
        'error_class_docs': [{'name': c, 'doc': ERROR_CLASS_DOCS[c],
                              'codes': [r['code'] for r in rows if c in r['classes']]} for c in classes],
        # Code names for templates: {{ codes.QUEUE_FULL }} (a misspelt name fails the build).
        'codes': {name: value for name, value in vars(errors).items() if name.isupper()},
    }


def widget_timing():
    """The widget's timing constants for the README's limits table, read from the widget modules' source:
    importing them here would pull in the whole core before the build has checked it (a broken module must
    fail as a build error that names it, not as an import traceback)."""
    wanted = {  # constant -> (module that defines it, name in the template)
        'PAGE_SETTLE_MS': ('widget_pages.py', 'pageSettleMs'), 'PAGE_POLL_MS': ('widget_pages.py', 'pagePollMs'),
        'IDLE_TIMEOUT_MS': ('widget_loading.py', 'idleTimeoutMs'), 'RESET_TIMEOUT_MS': ('widget.py', 'resetTimeoutMs'),
    }
    found = {}
    for module in sorted({m for m, _ in wanted.values()}):
        with open(os.path.join(SDK_SRC, module), encoding='utf-8') as f:
            tree = ast.parse(f.read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and wanted.get(node.targets[0].id, (None,))[0] == module and isinstance(node.value, ast.Constant):
                found[wanted[node.targets[0].id][1]] = node.value.value
    missing = sorted('sdk_src/%s: %s' % (m, name) for name, (m, key) in wanted.items() if key not in found)
    if missing:
        raise BuildError('the README\'s limits table shows constants the widget no longer defines: '
                         + ', '.join(missing))
    return found


def template_context(profile_id, version):
    profile = profiles.PROFILES[profile_id]
    runtime = profiles.runtime_profile(profile_id, version)
    docs = api_spec.DOCS
    config_fields = []
    for field in api_spec.CONFIG_FIELDS:
        if not applies(field, profile_id):
            continue
        default = field['default']
        if field['name'] == 'baseUrl':
            default = profile['defaultBaseUrl']
        config_fields.append({
            'name': field['name'], 'ts': ts_type(field), 'doc': docs['config.' + field['name']],
            'default_text': json.dumps(default) if default is not None else '',
            'type': field['type'], 'values': field.get('values'),
        })
    events = []
    for event in api_spec.EVENTS:
        key = ts_key(event['name'])
        events.append({'name': event['name'], 'key': key, 'ts': event_ts(event), 'doc': docs['event.' + event['name']],
                       'payload': event['payload']})
    commands = []
    for command in api_spec.COMMANDS:
        if not applies(command, profile_id):
            continue
        params = ', '.join('%s: %s' % (a['name'], ts_type(a)) for a in command['args'])
        commands.append({'name': command['name'], 'params': params, 'doc': docs['command.' + command['name']],
                         'args': command['args'], 'queued': command['queued'], 'option': command.get('option')})
    command_names = [c['name'] for c in commands]
    # An instance's functions; the package also exports connect() (not an instance method).
    instance_functions = ['init'] + command_names + ['on', 'once', 'off', 'isReady', 'destroy', 'reset']
    union = lambda values: ' | '.join(json.dumps(v) for v in values)  # noqa: E731
    return {
        **react_context(profile_id, version, config_fields, commands),
        'profile': profile,
        'runtime_profile': runtime,
        'version': version,
        'config_fields': config_fields,
        'events': events,
        'commands': commands,
        'instance_functions': instance_functions,
        'api_members': [n for n in instance_functions if n != 'init'],
        'frame_functions': FRAME_FUNCTIONS,
        # reset() returns a Promise, which a queueing stub cannot give back (and before
        # embed.js arrives there is no frame to reset).
        'stub_methods': [n for n in instance_functions if n != 'reset'],
        'connect_fields': [dict(f, ts=ts_type(f), doc=docs['connect.' + f['name']]) for f in api_spec.CONNECT_FIELDS],
        'connect_events': [{'name': e['name'], 'doc': docs['connect-event.' + e['name']],
                            'ts': event_ts(e)} for e in api_spec.CONNECT_EVENTS],
        'user_fields': api_spec.USER_FIELDS,
        'contact_union': union(api_spec.CONTACT_FIELDS),
        'unions': {'theme': union(api_spec.THEMES), 'mode': union(api_spec.MODES),
                   'position': union(api_spec.POSITIONS), 'role': union(api_spec.ROLES)},
        **error_context(),
        **frame_context(),
        **headless_api_context(),
        'limits': api_spec.LIMITS,
        'timing': widget_timing(),
        'js_dir': os.path.relpath(os.path.join(SDK_SRC, 'js'), os.path.join(GENERATED, profile_id)),
        'transpiled_dir': os.path.relpath(TRANSPILED, os.path.join(GENERATED, profile_id)),
    }


def environment():
    return jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(ROOT, 'templates')),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(profile_id, version):
    out_dir = os.path.join(GENERATED, profile_id)
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    env = environment()
    ctx = template_context(profile_id, version)
    for template, name in (('chat.js.j2', 'chat.js'), ('index.js.j2', 'index.js'), ('embed.js.j2', 'embed.js'),
                           ('connect_global.js.j2', 'connect_global.js'),
                           ('index.d.ts.j2', 'index.d.ts'), ('stub.js.j2', 'stub.js'),
                           ('frame.js.j2', 'frame.js'), ('frame_global.js.j2', 'frame_global.js'),
                           ('frame.d.ts.j2', 'frame.d.ts'), ('headless.js.j2', 'headless.js'),
                           ('react.js.j2', 'react.js'), ('react.d.ts.j2', 'react.d.ts'),
                           ('react_facts.js.j2', 'react_facts.js'),
                           ('headless_react.js.j2', 'headless_react_entry.js'),
                           ('headless_react_facts.js.j2', 'headless_react_facts.js'),
                           ('headless.d.ts.j2', 'headless.d.ts'), ('embed.d.ts.j2', 'embed.d.ts')):
        with open(os.path.join(out_dir, name), 'w') as f:
            f.write(env.get_template(template).render(with_react=True, **ctx))
    # The React bindings are hand-written modules that import the facts generated
    # next to them (sdk_src/js/react_hook.js, headless_react.js).
    for name in REACT_MODULES:
        shutil.copy(os.path.join(SDK_SRC, 'js', name), os.path.join(out_dir, name))
    # The headless client without React (package subpath ./headless/core).
    with open(os.path.join(out_dir, 'headless-core.d.ts'), 'w') as f:
        f.write(env.get_template('headless.d.ts.j2').render(**dict(ctx, with_react=False)))
    with open(os.path.join(out_dir, 'package.json'), 'w') as f:
        f.write('{"type": "module"}\n')
    return out_dir


# Hand-written React bindings (sdk_src/js/), bundled from a copy next to their generated facts.
REACT_MODULES = ['react_hook.js', 'headless_react.js']


# ES module entries built together with code splitting: what they share (runtime,
# errors, config, protocol, emitter) is one chunk file, so an app importing the
# root entry and ./headless/core pays for it once.
ESM_ENTRIES = (('index', 'index.js'), ('frame', 'frame.js'), ('headless', 'headless.js'))


def bundle(generated_dir, staging):
    def src(name):
        return os.path.join(generated_dir, name)
    # Script tags: one self-contained minified file each.
    for entry, out in (('embed.js', 'embed.js'), ('connect_global.js', 'connect.js'), ('frame_global.js', 'frame.js')):
        esbuild.bundle(src(entry), os.path.join(staging, out), 'iife', platform='browser', target='es2018',
                       minify=True)
    esbuild.bundle_split([(name, src(entry)) for name, entry in ESM_ENTRIES], staging, target='es2020')
    for name, entry in ESM_ENTRIES:
        esbuild.bundle(src(entry), os.path.join(staging, name + '.cjs'), 'cjs', target='es2020')
    # React bindings: React stays a peer, and the core comes from the package's own
    # entry points ('<package>', '<package>/headless/core'), so an app that uses
    # both the root entry and the hook bundles one copy of the core.
    package = profiles.PROFILES[os.path.basename(generated_dir)]['packageName']
    for entry, name in (('react.js', 'react'), ('headless_react_entry.js', 'headless-react')):
        for fmt, ext in (('esm', '.mjs'), ('cjs', '.cjs')):
            esbuild.bundle(src(entry), os.path.join(staging, name + ext), fmt, target='es2020',
                           external=('react', package))
    for name in DECLARATIONS:
        write_declarations(src(name + '.d.ts'), staging, name)
    # embed.js is a classic script (CommonJS by the package's "type"): one .d.ts.
    shutil.copy(src('embed.d.ts'), os.path.join(staging, 'embed.d.ts'))
    shutil.copy(src('stub.js'), os.path.join(staging, 'stub.js'))


# Type declarations: <name>.d.ts (typesVersions, older resolvers) plus .d.mts and
# .d.cts twins for the exports map's import / require conditions (next to
# "type": "commonjs", a .d.ts would describe the ES module builds as CommonJS).
DECLARATIONS = ['index', 'frame', 'react', 'headless', 'headless-core']
RELATIVE_SPECIFIER = re.compile(r'''(from\s+['"])(\./[\w-]+)(['"])''')


def write_declarations(source, staging, name):
    with open(source) as f:
        text = f.read()
    outputs = {'.d.ts': text}
    for ext, js_ext in (('.d.mts', '.mjs'), ('.d.cts', '.cjs')):
        outputs[ext] = RELATIVE_SPECIFIER.sub(r'\g<1>\g<2>' + js_ext + r'\g<3>', text)
    for ext, content in outputs.items():
        with open(os.path.join(staging, name + ext), 'w') as f:
            f.write(content)


def swap_into_place(staging, target):
    old = target + '.old'
    if os.path.isdir(old):
        shutil.rmtree(old)
    if os.path.isdir(target):
        os.rename(target, old)
    os.rename(staging, target)
    if os.path.isdir(old):
        shutil.rmtree(old)


# The package's entry points: (export subpath, dist file stem, declaration stem).
# The iframe SDK's subpath comes from the profile ('.' or './js').
def package_entries(profile):
    return [(profile['mainEntry'], 'index', 'index'), ('./react', 'react', 'react'),
            ('./headless', 'headless-react', 'headless'), ('./headless/core', 'headless', 'headless-core'),
            ('./frame', 'frame', 'frame')]


def package_exports(profile):
    """The exports map and typesVersions of a profile's package (one source for both
    packages: the root package.json of the default profile is checked against it)."""
    exports = {}
    types_versions = {}
    for subpath, stem, types in package_entries(profile):
        exports[subpath] = {
            'import': {'types': './dist/%s.d.mts' % types, 'default': './dist/%s.mjs' % stem},
            'require': {'types': './dist/%s.d.cts' % types, 'default': './dist/%s.cjs' % stem},
        }
        if subpath != '.':
            types_versions[subpath[2:]] = ['./dist/%s.d.ts' % types]
    exports['./embed.js'] = {'types': './dist/embed.d.ts', 'default': './dist/embed.js'}
    exports['./package.json'] = './package.json'
    types_versions['embed.js'] = ['./dist/embed.d.ts']
    return exports, {'*': types_versions}


# The only files that do something when loaded (they define a global); every other
# module only defines exports, so bundlers may drop whatever an app does not import.
SIDE_EFFECT_FILES = ['./dist/embed.js', './dist/connect.js', './dist/frame.js']


def generated_package_json(profile, version):
    """package.json of a profile's publishable package folder (release.package_dir):
    the root package.json is the contributors' (devDependencies, private), so every
    profile's published package.json is generated, from one rule."""
    with open(os.path.join(ROOT, 'package.json')) as f:
        root = json.load(f)
    exports, types_versions = package_exports(profile)
    root_entry = profile['mainEntry'] == '.'
    package = {
        'name': profile['packageName'],
        'version': version,
        'description': (root['description'] if profile['packageName'] == root['name']
                        else profile['frameTitle'] + ' embed SDK: iframe widget, React hooks and headless API.'),
        'license': root['license'],
        'type': 'commonjs',
        # main/module/types only when the iframe SDK is the package root; otherwise the
        # bare name is the script-tag bundle for CDNs (unpkg/jsdelivr) and nothing else.
        **({'main': './dist/index.cjs', 'module': './dist/index.mjs', 'types': './dist/index.d.ts'}
           if root_entry else {}),
        'unpkg': './dist/embed.js',
        'jsdelivr': './dist/embed.js',
        'exports': exports,
        'typesVersions': types_versions,
        'sideEffects': SIDE_EFFECT_FILES,
        # dist/<version>/ is the CDN copy of the script-tag files (same bytes as
        # dist/embed.js, ...); npm CDNs version the URL themselves, so npm gets it once.
        'files': ['dist', '!dist/' + version, 'README.md', 'CHANGELOG.md'],
        'peerDependencies': root['peerDependencies'],
        'peerDependenciesMeta': root['peerDependenciesMeta'],
    }
    return package


CHANGELOG = os.path.join(ROOT, 'CHANGELOG.md')


def npm_readme(profile_id, version, manifest):
    """The package README npm users read (install, quick start, API, links); not the contributors' README.md."""
    profile = profiles.PROFILES[profile_id]
    cdn_url = 'https://unpkg.com/%s@%s/dist/' % (profile['packageName'], version)
    scripts = {name: {'url': cdn_url + name, 'integrity': entry['integrity'],
                      'tag': release.script_tag(cdn_url + name, entry['integrity'])}
               for name, entry in manifest['scripts'].items()}
    with open(os.path.join(ROOT, 'package.json')) as f:
        license_id = json.load(f)['license']
    return environment().get_template('package_readme.md.j2').render(
        **template_context(profile_id, version), scripts=scripts, manifest=manifest, license=license_id,
        import_path=profile['packageName'] + ('' if profile['mainEntry'] == '.' else profile['mainEntry'][1:]))


def write_package_folder(folder, profile_id, version, manifest):
    """package.json, README.md and CHANGELOG.md next to the folder's dist/."""
    profile = profiles.PROFILES[profile_id]
    if not os.path.isfile(CHANGELOG):
        raise BuildError('CHANGELOG.md is missing: the package ships it (Keep a Changelog format)')
    with open(os.path.join(folder, 'package.json'), 'w') as f:
        json.dump(generated_package_json(profile, version), f, indent=2)
        f.write('\n')
    with open(os.path.join(folder, 'README.md'), 'w') as f:
        f.write(npm_readme(profile_id, version, manifest))
    shutil.copyfile(CHANGELOG, os.path.join(folder, 'CHANGELOG.md'))


def readme_tables(profile_id, version):
    return environment().get_template('readme_api.md.j2').render(**template_context(profile_id, version))


def refresh_readme(profile_id, version, manifest):
    """The API tables (default profile) and the pinned script tags of this profile."""
    path = os.path.join(ROOT, 'README.md')
    with open(path) as f:
        text = f.read()
    if profile_id == profiles.DEFAULT_PROFILE:
        begin, end = '<!-- api:begin (generated by build.py --readme) -->', '<!-- api:end -->'
        if begin not in text or end not in text:
            raise BuildError('README.md lacks the generated-API markers')
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + begin + '\n' + readme_tables(profile_id, version) + end + tail
    text = release.refresh_script_tags(text, profile_id, manifest, profiles.PROFILES, profiles.DEFAULT_PROFILE)
    with open(path, 'w') as f:
        f.write(text)


def profile_version(profile_id):
    """One place per package: the profile table, or package.json for the root package."""
    return release.package_version(profiles.PROFILES[profile_id])


def build(profile_id, update_readme=False):
    """Build one profile. The default profile's files go to dist/ at the repo root
    (what the dev server and the tests load); every profile also gets a complete
    package folder (release.package_dir: package.json, README.md, CHANGELOG.md and
    dist/), which is what `npm pack` publishes."""
    started = time.perf_counter()
    profile = profiles.PROFILES[profile_id]
    version = profile_version(profile_id)
    esbuild.find_binary()  # fail early with a clear message
    check_sources()
    transpile()
    generated_dir = render(profile_id, version)
    staging = os.path.join(BUILD, 'dist-staging')
    package_staging = os.path.join(BUILD, 'package-staging')
    for folder in (staging, package_staging):
        if os.path.isdir(folder):
            shutil.rmtree(folder)
    root_package = profile['outDir'] == 'dist'
    dist_dir = staging if root_package else os.path.join(staging, 'dist')
    os.makedirs(dist_dir)
    bundle(generated_dir, dist_dir)
    report = sizes.report(dist_dir)
    sizes.write(dist_dir, report)
    try:
        release.write_versioned_copies(dist_dir, version)
        manifest = release.write_manifest(dist_dir, profile['packageName'], version)
        if root_package:
            # dist/ stays at the root (dev server, tests); the package folder gets a copy.
            shutil.copytree(dist_dir, os.path.join(package_staging, 'dist'))
            write_package_folder(package_staging, profile_id, version, manifest)
        else:
            write_package_folder(staging, profile_id, version, manifest)
    except release.ReleaseError as e:
        raise BuildError(str(e)) from None
    swap_into_place(staging, os.path.join(ROOT, profile['outDir']))
    if root_package:
        swap_into_place(package_staging, os.path.join(ROOT, release.package_dir(profile)))
    if update_readme:
        try:
            refresh_readme(profile_id, version, manifest)
        except release.ReleaseError as e:
            raise BuildError(str(e)) from None
    print(sizes.table(report))
    print('built %s/ (%s %s) in %.2f s; npm package folder %s/'
          % (profile['outDir'], profile_id, version, time.perf_counter() - started, release.package_dir(profile)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--profile', default=profiles.DEFAULT_PROFILE, choices=sorted(profiles.PROFILES),
                        help='which package to build (default %(default)s); see sdk_src/profiles.py')
    parser.add_argument('--all', action='store_true', help='build every profile (what `make build` does)')
    parser.add_argument('--readme', action='store_true',
                        help='refresh the generated API tables and the pinned script tags in README.md')
    args = parser.parse_args(argv)
    try:
        for profile_id in (sorted(profiles.PROFILES, key=lambda p: p != profiles.DEFAULT_PROFILE) if args.all
                           else [args.profile]):
            build(profile_id, args.readme)
    except (BuildError, esbuild.EsbuildMissing, esbuild.EsbuildFailed) as e:
        print('build failed: ' + str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
