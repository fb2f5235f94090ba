import sys, json, time, threading, urllib.request, datetime, statistics
api, secs = sys.argv[1], float(sys.argv[2])
ends = {}; kpi = []; alerts = []; seen = set()
stop = time.time() + secs
def post():
    while time.time() < stop:
        now = time.time(); minute = int(now // 60) * 60
        iso = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
        body = ''
        for i in range(4):
            r = f"lat-{minute // 60}-{i}"; ends.setdefault(r, minute + 60)
            body += json.dumps({"type": "service_call", "eventId": f"{r}-{time.time_ns()}", "occurredAt": iso, "service": "bench-alert-probe", "region": r, "statusCode": 503, "latencyMs": 5}) + "\n"
        try:
            urllib.request.urlopen(urllib.request.Request(api + "/api/v1/events", body.encode(), {"Content-Type": "application/x-ndjson"}), timeout=10).read()
        except Exception as e: print("post", e)
        time.sleep(2)
psent = {}; plag = []; pshown = {}; first = [None]
def ppost():
    while time.time() < stop:
        now = time.time(); minute = int(now // 60) * 60
        iso = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
        oid = f"lat-probe-{time.time_ns()}"
        body = json.dumps({"type": "order_created", "eventId": oid, "orderId": oid, "occurredAt": iso, "region": "lat-probe", "channel": "web", "amount": 1, "currency": "EUR"})
        t0 = time.time()
        try:
            urllib.request.urlopen(urllib.request.Request(api + "/api/v1/events", body.encode(), {"Content-Type": "application/x-ndjson"}), timeout=10).read()
            psent.setdefault(minute, []).append(t0)
        except Exception as e: print("ppost", e)
        time.sleep(1.3)
threading.Thread(target=post, daemon=True).start()
threading.Thread(target=ppost, daemon=True).start()
resp = urllib.request.urlopen(api + "/api/v1/stream", timeout=30)
ev = ''
for raw in resp:
    if time.time() > stop: break
    line = raw.decode().rstrip('\n')
    if line.startswith('event:'): ev = line[6:].strip()
    elif line.startswith('data:'):
        now = time.time()
        if first[0] is None and ev in ('partial', 'kpi'): first[0] = now
        if ev == 'kpi':
            d = json.loads(line[5:])
            if d.get('window') == 'PT1M':
                k = (d['kpi'], json.dumps(d['tags'], sort_keys=True), d['windowStart'])
                if k not in seen:
                    seen.add(k)
                    st = datetime.datetime.fromisoformat(d['windowStart'].replace('Z', '+00:00')).timestamp()
                    kpi.append(now - st - 60)
        elif ev == 'partial':
            d = json.loads(line[5:])
            if d.get('kpi') == 'orders' and d.get('window') == 'PT1M' and d['tags'].get('region') == 'lat-probe' and d['tags'].get('channel') == 'all':
                st = int(datetime.datetime.fromisoformat(d['windowStart'].replace('Z', '+00:00')).timestamp())
                sent = psent.get(st, []); before = pshown.get(st, 0); n = min(int(round(d['value'])), len(sent))
                for i in range(before, n): plag.append((sent[i], now - sent[i]))
                pshown[st] = max(before, n)
        elif ev == 'alert':
            d = json.loads(line[5:])
            if d.get('state') == 'firing' and d['signal']['rule'] == 'bench_alert_probe':
                r = d['signal']['labels']['region']
                if r in ends and ('a', r) not in seen:
                    seen.add(('a', r)); alerts.append(now - ends[r])
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, int(-(-p * len(xs) // 100)) - 1))] if xs else float('nan')
plag = [lag for t0, lag in plag if first[0] is not None and t0 >= first[0]]  # before the first value: the job's start
print(f"partial n={len(plag)} p50={pct(plag,50)*1000:.0f}ms p90={pct(plag,90)*1000:.0f}ms p99={pct(plag,99)*1000:.0f}ms | kpi n={len(kpi)} p50={pct(kpi,50):.2f} p99={pct(kpi,99):.2f} | alerts n={len(alerts)} p50={pct(alerts,50):.2f} p99={pct(alerts,99):.2f} {sorted(round(a,2) for a in alerts)}")
