import * as assert from 'node:assert/strict';
import { LogThrottle } from '../../src/gateway/logThrottle';

describe('log throttle', () => {
  it('lets one event of each kind through per interval', () => {
    let now = 1_000;
    const throttle = new LogThrottle(60_000, () => now);
    assert.equal(throttle.due('wrong token'), true);
    assert.equal(throttle.due('wrong token'), false);
    assert.equal(throttle.due('browser Origin'), true, 'kinds are counted apart');
    now += 59_999;
    assert.equal(throttle.due('wrong token'), false);
    now += 1;
    assert.equal(throttle.due('wrong token'), true);
  });
});
