import { feelSyntaxError, outcomeAlternatives } from '../src/feel';

describe('FEEL checks', () => {
  it('accepts FEEL and refuses what does not parse or uses operators from other languages', () => {
    expect(feelSyntaxError('outcome = "approve" and project.amount >= settings.threshold')).toBeNull();
    expect(feelSyntaxError('data.note = "a == b"')).toBeNull();
    expect(feelSyntaxError('outcome == "approve"')).toBe(
      'FEEL 表达式“outcome == "approve"”不能用“==”：比较用 = 或 !=，并且用 and，或者用 or',
    );
    expect(feelSyntaxError('a = 1 && b = 2')).not.toBeNull();
    expect(feelSyntaxError('a = ')).toBe('FEEL 表达式“a = ”在第 5 个字符处有语法错误');
  });

  it('recognises conditions that only test outcome, for the exhaustiveness proof', () => {
    expect(outcomeAlternatives('outcome = "approve" or (outcome = "return")')).toEqual(['approve', 'return']);
    expect(outcomeAlternatives('outcome in ("approve", "reject")')).toEqual(['approve', 'reject']);
    expect(outcomeAlternatives('outcome != "approve"')).toBeNull();
    expect(outcomeAlternatives('outcome = "approve" and amount > 1')).toBeNull();
  });
});
