/** GET /metrics: the app's registry in Prometheus text format, for the callers metricsAccess lets in. */
import type { Express } from 'express';
import type { AppConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import { metricsAccess } from './access.js';
import { METRICS_PATH, type Metrics } from './metrics.js';

export function mountMetrics(app: Express, config: AppConfig, metrics: Metrics | null, logger: Logger): void {
  app.get(METRICS_PATH, async (req, res) => {
    if (!metrics) {
      res.status(404).type('text/plain').send('Metrics are off on this server (METRICS=off); set METRICS=on to serve them here.\n');
      return;
    }
    const access = metricsAccess(
      { remoteAddress: req.socket.remoteAddress, host: req.headers.host, authorization: req.headers.authorization },
      config.apiKeys, config.host,
    );
    if (!access.ok) {
      if (access.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(access.status).type('text/plain').send(`${access.message}\n`);
      return;
    }
    try {
      const { contentType, body } = await metrics.scrape();
      res.setHeader('Content-Type', contentType);
      res.send(body);
    } catch (err) {
      logger.error({ err }, 'metrics could not be collected');
      res.status(500).type('text/plain').send('The metrics could not be collected; it was logged.\n');
    }
  });
}
