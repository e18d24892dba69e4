import { buildAtlas } from '@eternia/atlas';
const { atlas } = await buildAtlas({ dir: process.argv[2]! });
const byLang = new Map<string, number>();
const lang = new Map(atlas.files.map((f) => [f.path, f.language]));
for (const e of atlas.edges) byLang.set(lang.get(e.from)!, (byLang.get(lang.get(e.from)!) ?? 0) + 1);
console.log(process.argv[2], atlas.files.length, 'files', JSON.stringify([...byLang]));
console.log(atlas.edges.slice(0, 6).map((e) => `${e.from} -> ${e.to}`).join('\n'));
const top = [...atlas.files].sort((a, b) => b.rank - a.rank).slice(0, 5).map((f) => `${f.path} ${f.rank.toFixed(4)}`);
console.log(top.join('\n'));
