import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/config';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      mongodbUri: undefined,
      dataDir: path.resolve('./data'),
      session: { ttlMinutes: 480, idleMinutes: 60 },
      trustProxy: false,
    });
  });

  it('names every bad variable in one Chinese message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', SESSION_TTL_MINUTES: '-5' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(message).toMatch(/^配置无效/);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'MONGODB_URI',
      'PORT',
      'SESSION_TTL_MINUTES',
    ]);
  });

  it('reads a real MongoDB and a proxy setup', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://db1,db2/?replicaSet=rs0',
      TRUST_PROXY: '1',
      NODE_ENV: 'production',
    });
    expect(config.mongodbUri).toBe('mongodb://db1,db2/?replicaSet=rs0');
    expect(config.trustProxy).toBe(1);
    expect(config.logLevel).toBe('info');
  });
});
