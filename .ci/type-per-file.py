#!/usr/bin/env python3
"""Lists tracked .cs files whose top-level types (nested ones excluded) are not exactly one type named for the
file. Foo.Bar.cs may hold partial Foo; Program.cs may hold Program. Usage: python3 .ci/type-per-file.py [PATH...]
(from the repository root); exits 1 when it lists any file. .ci/run runs it."""
import re, sys, subprocess, os

def strip(src):
    out = []; i = 0; n = len(src)
    def skip_string(i):
        # at src[i] start of a string literal (possibly with $/@ prefixes); return index after it
        j = i; dollars = 0; verbatim = False
        while src[j] in '$@':
            if src[j] == '$': dollars += 1
            else: verbatim = True
            j += 1
        if src.startswith('"""', j):
            q = 0
            while j < n and src[j] == '"': q += 1; j += 1
            end = '"' * q
            k = src.find(end, j)
            return k + q
        j += 1  # opening quote
        depth = 0
        while j < n:
            c = src[j]
            if dollars and c == '{':
                if src.startswith('{{', j) and depth == 0: j += 2; continue
                depth += 1; j += 1; continue
            if dollars and c == '}' and depth > 0:
                depth -= 1; j += 1; continue
            if depth > 0:
                if c == '"' or (c in '$@' and j + 1 < n and src[j+1] in '"$@'):
                    j = skip_string(j); continue
                if c == "'":
                    j = skip_char(j); continue
                j += 1; continue
            if verbatim:
                if c == '"':
                    if src.startswith('""', j): j += 2; continue
                    return j + 1
            else:
                if c == '\\': j += 2; continue
                if c == '"': return j + 1
            j += 1
        return j
    def skip_char(j):
        j += 1
        while j < n and src[j] != "'":
            if src[j] == '\\': j += 1
            j += 1
        return j + 1
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            k = src.find('\n', i); i = n if k < 0 else k; continue
        if src.startswith('/*', i):
            k = src.find('*/', i); i = n if k < 0 else k + 2; out.append(' '); continue
        if c == '"' or (c in '$@' and i + 1 < n and src[i+1] in '"$@'):
            i = skip_string(i); out.append('""'); continue
        if c == "'":
            i = skip_char(i); out.append("' '"); continue
        out.append(c); i += 1
    return ''.join(out)

def top_level_types(src):
    s = strip(src)
    depth = 0; text_at_depth0 = []; buf = []
    for ch in s:
        if ch == '{':
            if depth == 0: buf.append('{')
            depth += 1
        elif ch == '}':
            depth -= 1
            if depth == 0: buf.append('}\n')
        elif depth == 0:
            buf.append(ch)
    top = ''.join(buf)
    types = []
    # split into statements at depth 0
    for m in re.finditer(r'\b(record\s+struct|record\s+class|class|record|struct|interface|enum)\s+(\w+)', top):
        types.append((m.group(1).split()[0], m.group(2)))
    for m in re.finditer(r'\bdelegate\s+[\w<>\[\],.?\s]+?\s+(\w+)\s*(?:<[^>]*>)?\s*\(', top):
        types.append(('delegate', m.group(1)))
    return types

def main():
    roots = sys.argv[1:] or ['.']
    files = subprocess.run(['git', 'ls-files', '--', *[r for r in roots]], capture_output=True, text=True).stdout.split()
    bad = 0
    for f in sorted(files):
        if not f.endswith('.cs') or '/obj/' in f or '/bin/' in f: continue
        base = os.path.basename(f)[:-3]
        if base == 'Program' or base.endswith('GlobalUsings') or base == 'AssemblyInfo': 
            types = top_level_types(open(f, encoding='utf-8').read())
            if any(t[1] != 'Program' for t in types): print(f'{f}: {[t[1] for t in types]}'); bad += 1
            continue
        types = top_level_types(open(f, encoding='utf-8').read())
        names = [t[1] for t in types]
        stem = base.split('.')[0]  # Foo.Bar.cs holds partial Foo
        if len(set(names)) == 1 and names[0] == stem:
            continue
        print(f'{f}: {names}'); bad += 1
    print(f'{bad} file(s)', file=sys.stderr)
    return 1 if bad else 0

sys.exit(main())
