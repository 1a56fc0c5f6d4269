/** The preprocessor's macro expansion, against what C11 6.10.3 (and clang) give. */
import { describe, expect, it } from 'vitest';
import { expand, expandText, MacroTable, evaluate } from '../src/core/cexpr.js';
import { scan } from '../src/core/scan.js';

function table(src: string): MacroTable {
  return MacroTable.of(scan(src).defines);
}

/** The expansion as text, tokens separated by one space. */
function pp(src: string, line: string, counter?: { next: number }): string | undefined {
  return expandText(line, table(src), { counter })?.map((t) => t.text).join(' ');
}

describe('expand', () => {
  it('expands object-like and function-like macros and rescans', () => {
    expect(pp('#define N 4\n#define SQ(x) ((x) * (x))\n', 'SQ(N)')).toBe('( ( 4 ) * ( 4 ) )');
    expect(pp('#define F(x) x\n#define G F\n', 'G(1)')).toBe('1');
    // A function-like name not followed by `(` is left alone.
    expect(pp('#define F(x) x\n', 'F + 1')).toBe('F + 1');
  });

  it('stringifies arguments as written, with their inner white space as one space', () => {
    const src = '#define str(s) # s\n#define xstr(s) str(s)\n#define foo 4\n';
    expect(pp(src, 'str(foo)')).toBe('"foo"');
    expect(pp(src, 'xstr(foo)')).toBe('"4"');
    expect(pp(src, 'str( a  +   b )')).toBe('"a + b"');
    expect(pp(src, 'str(a+b)')).toBe('"a+b"');
    expect(pp(src, 'str("x\\n")')).toBe('"\\"x\\\\n\\""');
  });

  it('pastes tokens without expanding the operands first', () => {
    const src = '#define CAT(a, b) a ## b\n#define XCAT(a, b) CAT(a, b)\n#define ONE 1\n#define PROG(F) int bpf_func_##F\n';
    expect(pp(src, 'CAT(x, ONE)')).toBe('xONE');
    expect(pp(src, 'XCAT(x, ONE)')).toBe('x1');
    expect(pp(src, 'PROG(ingress)')).toBe('int bpf_func_ingress');
    // A paste that forms no single token cannot be known.
    expect(pp(src, 'CAT(+, /)')).toBeUndefined();
    expect(pp(src, 'CAT(-, >)')).toBe('->');
  });

  it('treats an empty argument of ## as a placemarker', () => {
    const src = '#define CAT(a, b) a ## b\n#define CAT3(a, b, c) a ## b ## c\n';
    expect(pp(src, 'CAT(, y)')).toBe('y');
    expect(pp(src, 'CAT(x, )')).toBe('x');
    expect(pp(src, 'CAT(,)')).toBe('');
    expect(pp(src, 'CAT3(a, , c)')).toBe('ac');
  });

  it('reads program heads the way samples and iproute2 spell them', () => {
    const src = [
      '#define SEC(NAME) __attribute__((section(NAME), used))',
      '#define __stringify_1(x...) #x',
      '#define __stringify(x...) __stringify_1(x)',
      '#define PROG(F) SEC("socket/"__stringify(F)) int bpf_func_##F',
      '#define PARSE_IP 3',
    ].join('\n');
    expect(pp(src, 'PROG(PARSE_IP)')).toBe('__attribute__ ( ( section ( "socket/" "3" ) , used ) ) int bpf_func_PARSE_IP');
  });

  it('passes variable arguments with their commas, ISO and GNU spellings', () => {
    const src = [
      '#define MAP(name, ...) struct m name = { __VA_ARGS__ }',
      '#define GMAP(name, fields...) struct m name = { fields }',
      '#define LOG(fmt, ...) printk(fmt, ## __VA_ARGS__)',
      '#define SHOW(...) #__VA_ARGS__',
    ].join('\n');
    expect(pp(src, 'MAP(a, .x = 1, .y = f(2, 3))')).toBe('struct m a = { . x = 1 , . y = f ( 2 , 3 ) }');
    expect(pp(src, 'GMAP(a, .x = 1, .y = 2)')).toBe('struct m a = { . x = 1 , . y = 2 }');
    expect(pp(src, 'MAP(a)')).toBe('struct m a = { }');
    expect(pp(src, 'LOG("x")')).toBe('printk ( "x" )');
    expect(pp(src, 'LOG("x", 1, 2)')).toBe('printk ( "x" , 1 , 2 )');
    expect(pp(src, 'SHOW(a, b,c)')).toBe('"a, b,c"');
  });

  it('refuses a call with the wrong number of arguments or that does not close', () => {
    const src = '#define F(a, b) a b\n#define Z() 0\n';
    expect(pp(src, 'F(1)')).toBeUndefined();
    expect(pp(src, 'F(1, 2, 3)')).toBeUndefined();
    expect(pp(src, 'F(1, 2')).toBeUndefined();
    expect(pp(src, 'Z()')).toBe('0');
    expect(pp(src, 'Z(1)')).toBeUndefined();
  });

  it('does not replace a macro inside its own expansion, even when rescanned later', () => {
    const src = '#define f(a) a*g\n#define g(a) f(a)\n#define x 2\n#define y x + y\n';
    expect(pp(src, 'y')).toBe('2 + y');
    expect(pp(src, 'f(2)(9)')).toBe('2 * 9 * g');
  });

  it('evaluates __COUNTER__ in order, and not without a counter', () => {
    const src = [
      '#define PAIR .id = __COUNTER__ + 1, .inner_id = __COUNTER__',
      '#define TWICE(x) x x',
      '#define IGNORE(x) 0',
    ].join('\n');
    const counter = { next: 5 };
    expect(pp(src, 'PAIR', counter)).toBe('. id = 5 + 1 , . inner_id = 6');
    expect(counter.next).toBe(7);
    // An argument is expanded once, however often its parameter appears; an unused one never.
    expect(pp(src, 'TWICE(__COUNTER__) IGNORE(__COUNTER__) __COUNTER__', counter)).toBe('7 7 0 8');
    expect(pp(src, 'PAIR')).toBeUndefined();
    expect(evaluate('__COUNTER__', table(src))).toBeUndefined();
  });

  it('keeps the string-array API and integer suffixes', () => {
    const macros = table('#define BIG (1ULL << 40)\n#define F(x) x + 1\n');
    expect(expand(['F', '(', 'BIG', ')'], macros)).toEqual(['(', '1ULL', '<<', '40', ')', '+', '1']);
    expect(evaluate('BIG', macros)).toBe(1n << 40n);
    expect(evaluate('0x10u + 010', macros)).toBe(24n);
    expect(evaluate('1.5', macros)).toBeUndefined();
    // Token strings carry no spacing: # of several of them cannot be known.
    expect(expand(['S', '(', 'a', 'b', ')'], table('#define S(x) #x\n'))).toBeUndefined();
    expect(expand(['S', '(', 'a', ')'], table('#define S(x) #x\n'))).toEqual(['"a"']);
  });
});
