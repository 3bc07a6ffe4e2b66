import json,sys,collections
# usage: jfr print --json --stack-depth 64 --events jdk.ExecutionSample F.jfr > F.json; python3 jfrtop.py F.json
d=json.load(open(sys.argv[1]))
ev=d['recording']['events']
byThread=collections.Counter(); incl=collections.defaultdict(collections.Counter); top=collections.defaultdict(collections.Counter)
def tname(e):
    t=e['values']['sampledThread']; return (t.get('javaName') or t.get('osName') or '?')
import re
for e in ev:
    th=re.sub(r'\(\d+/\d+\)#?\d*','',tname(e)); th=re.sub(r' \d+$','',th)[:70]
    byThread[th]+=1
    frames=e['values']['stackTrace']['frames'] if e['values']['stackTrace'] else []
    seen=set()
    for i,f in enumerate(frames):
        m=f['method']; name=m['type']['name'].split('.')[-1]+'.'+m['name']
        if i==0: top[th][name]+=1
        if name not in seen: incl[th][name]+=1; seen.add(name)
tot=sum(byThread.values()); print('samples',tot)
for th,c in byThread.most_common(8):
    print(f'\n## {th}: {c} ({100*c/tot:.0f}%)')
    print(' top:', ', '.join(f'{n} {100*k/c:.0f}%' for n,k in top[th].most_common(12)))
    print(' incl:', ', '.join(f'{n} {100*k/c:.0f}%' for n,k in incl[th].most_common(40) if 100*k/c>=3))
