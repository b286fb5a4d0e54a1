import { TemplateParamError } from '../../flow-template';
import { dealReferenceListTemplate } from './deal-reference-list';
import { amount, hookPath, literal, workdaysFromNow } from './shared';

describe('Bitrix24 template helpers', () => {
  it('puts a text param into an expression as a string literal, and refuses braces that would end the expression', () => {
    expect(literal('PROPERTY_118', 'copy1From')).toBe('"PROPERTY_118"');
    expect(literal('Офис "12"', 'x')).toBe('"Офис \\"12\\""');
    expect(() => literal('A}}B', 'copy1From')).toThrow(TemplateParamError);
    expect(() => dealReferenceListTemplate.flows({ bitrix24Connection: 'c', listId: 41, dealKeyField: 'UF_CRM_OBJECT', copy1From: '{{ $run }}', copy1To: 'UF_CRM_RENT' }, 'u'))
      .toThrow(expect.objectContaining({ param: 'copy1From' }));
  });

  it('gives every trigger its own unguessable hook path unless the analyst chose one', () => {
    expect(hookPath({ hookPath: ' b24/mine ' }, 'hookPath', 'f00d', 'paid')).toBe('b24/mine');
    expect(hookPath({ hookPath: '' }, 'hookPath', 'f00d', 'paid')).toBe('bitrix24/f00d-paid');
    expect(hookPath({}, 'hookPath', 'f00d', 'created')).toBe('bitrix24/f00d-created');
  });

  it('writes tier amounts the way each language does, and deadlines as whole working days', () => {
    expect(amount(100000, 'ru')).toBe('100\u00a0000');
    expect(amount(100000, 'es')).toBe('100.000');
    expect(amount(100000, undefined)).toBe('100,000');
    expect(workdaysFromNow(3, 1)).toBe('{{ $workdays.add($now, 3).toISOString() }}');
    expect(workdaysFromNow('2.5', 1)).toBe('{{ $workdays.add($now, 1).toISOString() }}');
  });
});
