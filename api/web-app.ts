// The browser app (web/dist, built by Vite) served by the API process: hashed assets cached for good, and
// every other GET that asks for a page answered with index.html so client routes (/exam/…) survive a reload.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import compression from 'compression';

const API_PATHS = /^\/(api|docs|openapi\.json|health)(\/|$)/;

export function webApp(distDir: string): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return router;
  // The app's scripts travel gzipped (a few hundred KB become a third); API answers are left as they are.
  router.use(compression());
  router.use('/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
