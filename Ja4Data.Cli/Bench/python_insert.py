# Times clickhouse-driver inserting a TSV file as columns, for `ja4data bench` (PythonDriverPeer.cs runs it).
# Arguments: host port user table tsv-file column-types repeats sql-before-each-run; the password comes from
# CLICKHOUSE_PASSWORD. Prints one JSON line: {"seconds": [...], "cpu": [...], "rows": N}.
import json, os, sys, time
from clickhouse_driver import Client

host, port, user, table, tsv, types, repeats, before = sys.argv[1:9]
types = types.split(',')

def unescape(value):
    if '\\' not in value:
        return value
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == '\\' and i + 1 < len(value):
            i += 1
            out.append({'t': '\t', 'n': '\n', 'r': '\r', '0': '\0'}.get(value[i], value[i]))
        else:
            out.append(c)
        i += 1
    return ''.join(out)

convert = {'UInt64': int, 'UInt16': int, 'Float64': float, 'String': unescape}
columns = [[] for _ in types]
with open(tsv, encoding='utf-8') as f:
    for line in f:
        for i, value in enumerate(line.rstrip('\n').split('\t')):
            columns[i].append(convert[types[i]](value))

client = Client(host=host, port=int(port), user=user, password=os.environ.get('CLICKHOUSE_PASSWORD', ''), database='default')
client.execute('SELECT 1')
seconds, cpu = [], []
for _ in range(int(repeats)):
    if before:
        client.execute(before)
    started, cpu_started = time.perf_counter(), time.process_time()
    client.execute('INSERT INTO ' + table + ' VALUES', columns, columnar=True)
    seconds.append(time.perf_counter() - started)
    cpu.append(time.process_time() - cpu_started)
print(json.dumps({'seconds': seconds, 'cpu': cpu, 'rows': len(columns[0])}))
