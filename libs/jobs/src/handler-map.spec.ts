import { describe, expect, it } from 'vitest';
import { buildHandlerMap, JobHandlerRegistrationError } from './handler-map';

const h = async () => undefined;
const known = ['a.one', 'b.two'];

describe('buildHandlerMap', () => {
  it('maps every job name to its one handler', () => {
    const map = buildHandlerMap([{ name: 'a.one', owner: 'A', handler: h }, { name: 'b.two', owner: 'B', handler: h }], known);
    expect([...map.keys()].sort()).toEqual(known);
  });

  it('refuses a name without a handler, naming it', () => {
    expect(() => buildHandlerMap([{ name: 'a.one', owner: 'A', handler: h }], known)).toThrow(/no handler for "b.two"/);
  });

  it('refuses two handlers for one name, naming both owners', () => {
    const entries = [
      { name: 'a.one', owner: 'First', handler: h },
      { name: 'a.one', owner: 'Second', handler: h },
      { name: 'b.two', owner: 'B', handler: h },
    ];
    expect(() => buildHandlerMap(entries, known)).toThrow(JobHandlerRegistrationError);
    expect(() => buildHandlerMap(entries, known)).toThrow(/"a.one" has 2 handlers: First, Second/);
  });

  it('refuses a handler for a name the domain does not know', () => {
    expect(() => buildHandlerMap([...known.map((name) => ({ name, owner: 'X', handler: h })), { name: 'c.typo', owner: 'Typo', handler: h }], known)).toThrow(
      /"c.typo" \(Typo\) is not a JobName/,
    );
  });
});
