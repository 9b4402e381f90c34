// The project's folder, whether this code runs from its TypeScript sources or compiled into dist/ (one level deeper).
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url));
