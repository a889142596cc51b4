import { signetApp } from './signet-app.js';

signetApp().synth();
