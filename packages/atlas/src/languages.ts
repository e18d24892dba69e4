/** Which language a path is, and which of them a real parser reads (the others are kept by path and words). */
import path from 'node:path';

export type ParsedLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java';

const PARSED: ReadonlySet<string> = new Set<ParsedLanguage>(['typescript', 'tsx', 'javascript', 'python', 'go', 'java']);

const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.kt': 'kotlin',
  '.rb': 'ruby',
  '.php': 'php',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.hpp': 'cpp',
  '.cs': 'csharp',
  '.swift': 'swift',
  '.sh': 'shell',
  '.bash': 'shell',
  '.md': 'markdown',
  '.rst': 'restructuredtext',
  '.json': 'json',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'toml',
  '.css': 'css',
  '.scss': 'scss',
  '.html': 'html',
  '.sql': 'sql',
};

const BY_NAME: Record<string, string> = { Dockerfile: 'dockerfile', Makefile: 'make', CODEOWNERS: 'codeowners' };

export function languageOf(file: string): string {
  const base = path.posix.basename(file);
  return BY_NAME[base] ?? BY_EXTENSION[path.posix.extname(base).toLowerCase()] ?? 'other';
}

export function isParsed(language: string): language is ParsedLanguage {
  return PARSED.has(language);
}

/** Languages whose files are code (retrieval prefers them over docs and data). */
export function isCode(language: string): boolean {
  return !['markdown', 'restructuredtext', 'json', 'yaml', 'toml', 'other', 'codeowners', 'html', 'css', 'scss'].includes(language);
}
