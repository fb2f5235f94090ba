#!/usr/bin/env python3
"""Synthetic development set for the anomaly detector, in NAB's layout.

Writes OUT/data/synth/<name>.csv (timestamp,value; 5-minute points) and OUT/windows.json (NAB's
labelled windows: 10% of the series' length per series, shared among its anomalies, centred on
each). Every anomaly is placed after the first half of the series so that the detector has learned
the normal behaviour. Kinds: a spike, a level shift, a variance increase, a signal going flat, a
change of rhythm, a trend change, a missing weekday peak, denser recurring spikes, an outage, two
anomalies in one series, and series with no anomaly (noise, a daily wave, a slow AR(1)); two seeds
of each. Usage: python3 synthetic_nab.py OUT   (needs numpy)
"""
import datetime as dt
import json
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else 'synthetic-nab'
os.makedirs(out + '/data/synth', exist_ok=True)
T0=dt.datetime(2020,1,6); step=dt.timedelta(minutes=5); D=288
wins={}
def write(name, v, anoms):
    n=len(v); ts=[T0+i*step for i in range(n)]
    with open(f'{out}/data/synth/{name}.csv','w') as f:
        f.write('timestamp,value\n')
        for t,x in zip(ts,v): f.write(f"{t:%Y-%m-%d %H:%M:%S},{x:.6f}\n")
    w=int(0.1*n/max(1,len(anoms)))
    fmt=lambda i: (T0+i*step).strftime('%Y-%m-%d %H:%M:%S.000000')
    wins[f'synth/{name}.csv']=[[fmt(max(0,a-w//2)),fmt(min(n-1,a+w//2))] for a in anoms]
def day(n,amp=10): i=np.arange(n); return amp*np.sin(2*np.pi*i/D)
def ar1(n,phi,sd,rng):
    e=rng.normal(0,sd,n); x=np.zeros(n)
    for i in range(1,n): x[i]=phi*x[i-1]+e[i]
    return x
for seed in range(2):
    rng=np.random.default_rng(100+seed); n=4032; s=f'{seed}'
    v=50+rng.normal(0,1,n); a=int(n*0.7)+seed*37; v[a]+=7; write('spike_'+s,v,[a])
    v=50+day(n)+rng.normal(0,1,n); a=int(n*0.65)+seed*53; v[a:]+=4; write('levelshift_'+s,v,[a])
    v=50+day(n)+rng.normal(0,1,n); a=int(n*0.7); v[a:a+D//2]+=rng.normal(0,3,D//2); write('variance_'+s,v,[a])
    v=50+ar1(n,0.95,1,rng)+day(n,5); a=int(n*0.72); v[a:a+D//3]=v[a]; write('flatline_'+s,v,[a])
    # change of rhythm: the daily wave runs at twice its speed for one day
    i=np.arange(n); a=int(n*0.68); ph=2*np.pi*i/D; ph[a:a+D]=2*np.pi*a/D+2*2*np.pi*(i[a:a+D]-a)/D
    v=50+10*np.sin(ph)+rng.normal(0,1,n); write('frequency_'+s,v,[a])
    v=50+rng.normal(0,1,n)+day(n,3); a=int(n*0.7); v[a:]+=0.02*(i[a:]-a); write('trend_'+s,v,[a])
    n2=8064; i=np.arange(n2); wk=((i//D)%7>=5)*-8.0; v=60+day(n2)+wk+rng.normal(0,1.5,n2); a=int(n2*0.75)//D*D+D//4+(0 if (int(n2*0.75)//D)%7<5 else 2*D); v[a:a+D//2]=60+wk[a:a+D//2]+rng.normal(0,1.5,D//2); write('weekly_missing_'+s,v,[a])
    v=np.zeros(n); 
    for k in range(0,n,100): v[k]=20; v[(k+6)%n]=20
    a=int(n*0.6); 
    for k in range(a,a+60,5): v[k]=20
    v+=rng.normal(0,0.2,n); write('spike_density_'+s,v,[a])
    v=100+ar1(n,0.9,2,rng)+day(n,10); a=int(n*0.75); v[a:a+24]=0+rng.normal(0,0.5,24); write('outage_'+s,v,[a])
    v=30+ar1(n,0.8,1,rng); a1=int(n*0.5); a2=int(n*0.8); v[a1]+=9; v[a2:a2+12]-=8; write('two_anomalies_'+s,v,[a1,a2])
    write('noise_only_'+s,50+rng.normal(0,1,n),[])
    write('daily_only_'+s,50+day(n)+rng.normal(0,1,n),[])
    write('ar1_only_'+s,50+ar1(n,0.98,0.5,rng),[])
json.dump(wins,open(out+'/windows.json','w'),indent=1)
print(len(wins),'series')
