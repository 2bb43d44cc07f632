import { startApp } from './app/main';

// The Electron entry: everything is in app/main.ts (composition) and the core (logic).
void startApp();
