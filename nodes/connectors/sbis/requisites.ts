/**
 * Russian tax requisites. Checked before anything is sent: a mistyped INN would otherwise reach
 * SBIS as a document to a company nobody knows, or an invitation to one.
 */
const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  return (weights.reduce((sum, weight, i) => sum + weight * digits[i], 0) % 11) % 10;
}

/** What is wrong with an INN (10 digits for a company, 12 for a person), or undefined when it is valid. */
export function checkInn(inn: string): string | undefined {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return `'${inn}' is not an INN: 10 digits for a company, 12 for an individual entrepreneur`;
  const digits = [...inn].map(Number);
  const valid = inn.length === 10
    ? checkDigit(digits, INN10_WEIGHTS) === digits[9]
    : checkDigit(digits, INN12_WEIGHTS_11) === digits[10] && checkDigit(digits, INN12_WEIGHTS_12) === digits[11];
  return valid ? undefined : `INN '${inn}' has a wrong check digit (a typo?)`;
}

/** KPP: 4 digits of the tax office, 2 of the reason (letters allowed since 2013), 3 of the number. */
export function checkKpp(kpp: string): string | undefined {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? undefined : `'${kpp}' is not a KPP: 9 characters such as 773601001`;
}

export const isPersonInn = (inn: string) => inn.length === 12;
