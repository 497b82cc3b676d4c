#!/usr/bin/env python3
"""Transcribes Prometheus metric definitions from Go sources (prometheus.New*Vec / NewDesc) into fixture JSON.

Reads files at one commit of a local git mirror, so every family carries {repo, path, commit}. Label sets and
buckets given as package variables (modelLabels, generalLatencyBuckets, append(...) chains) are resolved from
the same files. Usage: transcribe_go_metrics.py <git-dir> <repo> <commit> <path>...  (JSON on stdout)
"""
import json
import re
import subprocess
import sys

def show(git_dir, commit, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'{commit}:{path}'], check=True,
                          capture_output=True, text=True).stdout

def strip_comments(src):
    return re.sub(r'//[^\n]*', '', src)

def balanced(src, start):
    """Index just past the parenthesis/brace group opening at src[start]."""
    pairs = {'(': ')', '{': '}', '[': ']'}
    stack = [pairs[src[start]]]
    i = start + 1
    while stack:
        c = src[i]
        if c == '"':
            i = src.index('"', i + 1)
            while src[i - 1] == '\\':
                i = src.index('"', i + 1)
        elif c == '`':
            i = src.index('`', i + 1)
        elif c in pairs:
            stack.append(pairs[c])
        elif c == stack[-1]:
            stack.pop()
        i += 1
    return i

def strings_in(expr):
    return [m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', expr)]

def resolve_list(expr, variables):
    """A []string or []float64 expression: literals and (expanded) variables in order."""
    out = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?(?:e-?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)', expr):
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None and not re.search(r'\[\]\w*$', expr[:m.start()]):
            out.append(float(m.group(2)))
        elif m.group(3) and m.group(3) in variables:
            out.extend(variables[m.group(3)])
    return out

def collect_variables(srcs, constants):
    variables = {}
    for src in srcs:
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*=\s*(\[\](?:string|float64)\{|append\()', src):
            end = balanced(src, m.end() - 1)
            variables[m.group(1)] = resolve_list(src[m.end() - 1:end], variables)
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*=\s*"([^"]*)"', src):
            constants[m.group(1)] = m.group(2)
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*=\s*([A-Za-z_][\w.]*)\s*$', src, re.M):
            alias = m.group(2).split('.')[-1]
            if alias in constants:
                constants[m.group(1)] = constants[alias]
    return variables

def families(src, variables, constants):
    out = []
    for m in re.finditer(r'prometheus\.New(Counter|Gauge|Histogram|Summary)(Vec)?\(', src):
        end = balanced(src, m.end() - 1)
        body = src[m.end():end - 1]
        opts_start = body.index('{')
        opts_end = balanced(body, opts_start)
        opts, rest = body[opts_start:opts_end], body[opts_end:]
        def field(name):
            f = re.search(rf'\b{name}:\s*([^,\n]+)', opts)
            return f.group(1).strip() if f else None
        parts = []
        for key in ('Namespace', 'Subsystem'):
            v = field(key)
            if v:
                parts.append(strings_in(v)[0] if v.startswith('"') else constants.get(v.split('.')[-1], f'<{v}>'))
        parts.append(strings_in(field('Name'))[0])
        help_m = re.search(r'\bHelp:\s*', opts)
        help_expr = opts[help_m.end():]
        if help_expr.startswith('metricsutil.HelpMsgWithStability(') or help_expr.startswith('metrics.HelpMsgWithStability('):
            call = help_expr[help_expr.index('('):balanced(help_expr, help_expr.index('('))]
            stability = re.search(r'compbasemetrics\.(\w+)', call).group(1)
            help_text = f"[{stability}] " + ''.join(strings_in(call.split('compbasemetrics.')[0]))
        else:
            help_text = ''.join(strings_in(help_expr.split('\n')[0]))
        buckets = None
        b = re.search(r'\bBuckets:\s*', opts)
        if b:
            expr = opts[b.end():]
            expr = expr[:balanced(expr, expr.index('{')) ] if expr.startswith('[]float64') else expr.split(',')[0]
            buckets = resolve_list(expr, variables)
        labels = resolve_list(rest, variables) if m.group(2) else []
        kind = m.group(1).lower()
        family = {'name': '_'.join(parts), 'type': kind, 'help': help_text.replace('\\"', '"'), 'labels': labels}
        if kind == 'histogram':
            family['buckets'] = buckets
        out.append(family)
    for m in re.finditer(r'prometheus\.NewDesc\(', src):
        end = balanced(src, m.end() - 1)
        body = src[m.end():end - 1]
        literals = strings_in(body)
        call = body[body.index('HelpMsgWithStability('):]
        help_end = balanced(call, call.index('('))
        stability = re.search(r'compbasemetrics\.(\w+)', call[:help_end]).group(1)
        help_text = f"[{stability}] " + ''.join(strings_in(call[:help_end].split('compbasemetrics.')[0]))
        labels = resolve_list(call[help_end:].split('}')[0], variables)
        out.append({'name': literals[0], 'type': 'gauge', 'help': help_text, 'labels': labels})
    return out

def main():
    git_dir, repo, commit, *paths = sys.argv[1:]
    srcs = {p: strip_comments(show(git_dir, commit, p)) for p in paths}
    constants = {}
    variables = collect_variables(srcs.values(), constants)
    collect_variables(srcs.values(), constants)
    result = []
    for path, src in srcs.items():
        for family in families(src, variables, constants):
            family['source'] = {'repo': repo, 'path': path, 'commit': commit}
            result.append(family)
    json.dump(result, sys.stdout, indent=1)

if __name__ == '__main__':
    main()
