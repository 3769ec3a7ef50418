#!/usr/bin/env python3
"""Build dist/: transpile sdk_src/ with Transcrypt, render templates/ with jinja2
from the spec module, bundle with esbuild, report sizes.

    python build.py            # build dist/ (profile pilot-status)
    python build.py --readme   # also refresh the generated API tables in README.md

Output is written to a staging folder and swapped into place only when every
step succeeded, so a failed build never leaves a half-written dist/.
"""
import argparse
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
BUILD = os.path.join(ROOT, 'build')
TRANSPILED = os.path.join(BUILD, 'transpiled')
GENERATED = os.path.join(BUILD, 'generated')
DIST = os.path.join(ROOT, 'dist')

sys.path.insert(0, SDK_SRC)
sys.path.insert(0, ROOT)

import api_spec  # noqa: E402
import profiles  # noqa: E402
from buildtools import esbuild, sizes, transcrypt_rules  # noqa: E402


# The frame kit's public functions (sdk_src/frame_api.py).
FRAME_FUNCTIONS = ['start', 'stop', 'on', 'once', 'off', 'getToken', 'getScope', 'getState', 'parentOrigin',
                   'reportUnread', 'conversationOpened', 'reportMessage', 'reportError', 'requestOpen', 'requestClose',
                   'sessionExpired']


class BuildError(Exception):
    pass


def package_version():
    with open(os.path.join(ROOT, 'package.json')) as f:
        return json.load(f)['version']


def check_sources():
    """Reject constructs Transcrypt compiles differently from CPython (or aborts on
    with a vague message) before transpiling, with the exact file and line."""
    violations = transcrypt_rules.check_tree(SDK_SRC)
    if violations:
        raise BuildError('sdk_src/ uses constructs that do not survive transpilation:\n'
                         + '\n'.join(str(v) for v in violations))


def transpile():
    """Transcrypt -b -n -m; any compile error aborts with Transcrypt's file and line."""
    if os.path.isdir(TRANSPILED):
        shutil.rmtree(TRANSPILED)
    cmd = [sys.executable, '-m', 'transcrypt', '-b', '-n', '-m', '-od', os.path.relpath(TRANSPILED, SDK_SRC),
           os.path.join(SDK_SRC, 'transpile_root.py')]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or 'Error while compiling' in output or 'Traceback' in output:
        raise BuildError('Transcrypt failed (exit ' + str(result.returncode) + '):\n' + output)
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
        if field['name'] == 'getToken':
            return '() => Promise<string> | string'
        return '() => void'
    if t in ('height', 'count'):
        return 'number'
    raise BuildError('no TypeScript type for spec type ' + t)


def event_ts(event):
    if not event['payload']:
        return 'void'
    parts = ['%s%s: %s' % (p['name'], '?' if p.get('optional') else '', ts_type(p)) for p in event['payload']]
    return '{ ' + '; '.join(parts) + ' }'


def applies(item, profile_id):
    return 'profiles' not in item or profile_id in item['profiles']


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
        key = event['name'] if re.match(r'^[A-Za-z_]\w*$', event['name']) else json.dumps(event['name'])
        events.append({'name': event['name'], 'key': key, 'ts': event_ts(event), 'doc': docs['event.' + event['name']],
                       'payload': event['payload']})
    commands = []
    for command in api_spec.COMMANDS:
        if not applies(command, profile_id):
            continue
        params = ', '.join('%s: %s' % (a['name'], ts_type(a)) for a in command['args'])
        commands.append({'name': command['name'], 'params': params, 'doc': docs['command.' + command['name']],
                         'args': command['args'], 'queued': command['queued']})
    command_names = [c['name'] for c in commands]
    instance_functions = ['init'] + command_names + ['on', 'once', 'off', 'isReady', 'destroy', 'connect']
    union = lambda values: ' | '.join(json.dumps(v) for v in values)  # noqa: E731
    return {
        'profile': profile,
        'runtime_profile': runtime,
        'version': version,
        'config_fields': config_fields,
        'events': events,
        'commands': commands,
        'instance_functions': instance_functions,
        'api_members': [n for n in instance_functions if n != 'init'],
        'frame_functions': FRAME_FUNCTIONS,
        # connect() returns a handle, which a queueing stub cannot give back.
        'stub_methods': [n for n in instance_functions if n != 'connect'],
        'connect_fields': [dict(f, ts=ts_type(f), doc=docs['connect.' + f['name']]) for f in api_spec.CONNECT_FIELDS],
        'connect_events': [{'name': e['name'], 'doc': docs['connect-event.' + e['name']],
                            'ts': event_ts(e)} for e in api_spec.CONNECT_EVENTS],
        'user_fields': api_spec.USER_FIELDS,
        'contact_union': union(api_spec.CONTACT_FIELDS),
        'unions': {'theme': union(api_spec.THEMES), 'mode': union(api_spec.MODES),
                   'position': union(api_spec.POSITIONS), 'role': union(api_spec.ROLES)},
        'error_codes': union(['timeout', 'token-error', 'queue-full', 'frame-error']),
        'limits': api_spec.LIMITS,
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
    for template, name in (('index.js.j2', 'index.js'), ('embed.js.j2', 'embed.js'),
                           ('index.d.ts.j2', 'index.d.ts'), ('stub.js.j2', 'stub.js'),
                           ('frame.js.j2', 'frame.js'), ('frame_global.js.j2', 'frame_global.js'),
                           ('frame.d.ts.j2', 'frame.d.ts'), ('headless.js.j2', 'headless.js')):
        with open(os.path.join(out_dir, name), 'w') as f:
            f.write(env.get_template(template).render(**ctx))
    with open(os.path.join(out_dir, 'package.json'), 'w') as f:
        f.write('{"type": "module"}\n')
    return out_dir


def bundle(generated_dir, staging):
    entry = os.path.join(generated_dir, 'index.js')
    esbuild.bundle(os.path.join(generated_dir, 'embed.js'), os.path.join(staging, 'embed.js'), 'iife',
                   platform='browser', target='es2018', minify=True)
    esbuild.bundle(entry, os.path.join(staging, 'index.mjs'), 'esm', target='es2020')
    esbuild.bundle(entry, os.path.join(staging, 'index.cjs'), 'cjs', target='es2020')
    esbuild.bundle(os.path.join(generated_dir, 'frame_global.js'), os.path.join(staging, 'frame.js'), 'iife',
                   platform='browser', target='es2018', minify=True)
    esbuild.bundle(os.path.join(generated_dir, 'frame.js'), os.path.join(staging, 'frame.mjs'), 'esm',
                   target='es2020')
    esbuild.bundle(os.path.join(generated_dir, 'headless.js'), os.path.join(staging, 'headless.mjs'), 'esm',
                   target='es2020')
    esbuild.bundle(os.path.join(generated_dir, 'headless.js'), os.path.join(staging, 'headless.cjs'), 'cjs',
                   target='es2020')
    shutil.copy(os.path.join(generated_dir, 'index.d.ts'), os.path.join(staging, 'index.d.ts'))
    shutil.copy(os.path.join(generated_dir, 'frame.d.ts'), os.path.join(staging, 'frame.d.ts'))
    shutil.copy(os.path.join(generated_dir, 'stub.js'), os.path.join(staging, 'stub.js'))


def swap_into_place(staging):
    old = DIST + '.old'
    if os.path.isdir(old):
        shutil.rmtree(old)
    if os.path.isdir(DIST):
        os.rename(DIST, old)
    os.rename(staging, DIST)
    if os.path.isdir(old):
        shutil.rmtree(old)


def readme_tables(profile_id, version):
    return environment().get_template('readme_api.md.j2').render(**template_context(profile_id, version))


def refresh_readme(profile_id, version):
    path = os.path.join(ROOT, 'README.md')
    with open(path) as f:
        text = f.read()
    begin, end = '<!-- api:begin (generated by build.py --readme) -->', '<!-- api:end -->'
    if begin not in text or end not in text:
        raise BuildError('README.md lacks the generated-API markers')
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, 'w') as f:
        f.write(head + begin + '\n' + readme_tables(profile_id, version) + end + tail)


def build(profile_id, update_readme=False):
    started = time.perf_counter()
    version = package_version()
    esbuild.find_binary()  # fail early with a clear message
    check_sources()
    transpile()
    generated_dir = render(profile_id, version)
    staging = os.path.join(BUILD, 'dist-staging')
    if os.path.isdir(staging):
        shutil.rmtree(staging)
    os.makedirs(staging)
    bundle(generated_dir, staging)
    report = sizes.report(staging)
    sizes.write(staging, report)
    swap_into_place(staging)
    if update_readme:
        refresh_readme(profile_id, version)
    print(sizes.table(report))
    print('built dist/ (%s %s) in %.2f s' % (profile_id, version, time.perf_counter() - started))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--profile', default=profiles.DEFAULT_PROFILE, choices=sorted(profiles.PROFILES))
    parser.add_argument('--readme', action='store_true', help='refresh the generated API tables in README.md')
    args = parser.parse_args(argv)
    try:
        build(args.profile, args.readme)
    except (BuildError, esbuild.EsbuildMissing, esbuild.EsbuildFailed) as e:
        print('build failed: ' + str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
