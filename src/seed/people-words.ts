/** Polish names, companies, streets and cities for the demo customers. */
export const MALE_FIRST_NAMES = [
  'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Łukasz', 'Grzegorz', 'Mateusz',
  'Jakub', 'Wojciech', 'Bartłomiej', 'Jarosław', 'Zbigniew', 'Józef', 'Sławomir', 'Stanisław',
] as const;

export const FEMALE_FIRST_NAMES = [
  'Anna', 'Małgorzata', 'Agnieszka', 'Katarzyna', 'Barbara', 'Ewa', 'Magdalena', 'Joanna', 'Żaneta',
  'Elżbieta', 'Beata', 'Dorota', 'Urszula', 'Jadwiga', 'Grażyna', 'Zofia', 'Halina', 'Łucja',
] as const;

/** [male form, female form]. */
export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Nowak', 'Nowak'], ['Kowalski', 'Kowalska'], ['Wiśniewski', 'Wiśniewska'], ['Wójcik', 'Wójcik'],
  ['Kowalczyk', 'Kowalczyk'], ['Kamiński', 'Kamińska'], ['Lewandowski', 'Lewandowska'], ['Zieliński', 'Zielińska'],
  ['Szymański', 'Szymańska'], ['Woźniak', 'Woźniak'], ['Dąbrowski', 'Dąbrowska'], ['Kozłowski', 'Kozłowska'],
  ['Jankowski', 'Jankowska'], ['Mazur', 'Mazur'], ['Kwiatkowski', 'Kwiatkowska'], ['Krawczyk', 'Krawczyk'],
  ['Piotrowski', 'Piotrowska'], ['Grabowski', 'Grabowska'], ['Pawłowski', 'Pawłowska'], ['Michalski', 'Michalska'],
  ['Król', 'Król'], ['Wieczorek', 'Wieczorek'], ['Jabłoński', 'Jabłońska'], ['Wróbel', 'Wróbel'],
  ['Majewski', 'Majewska'], ['Olszewski', 'Olszewska'], ['Stępień', 'Stępień'], ['Jaworski', 'Jaworska'],
  ['Malinowski', 'Malinowska'], ['Górski', 'Górska'], ['Sikora', 'Sikora'], ['Żak', 'Żak'],
  ['Ślusarczyk', 'Ślusarczyk'], ['Łuczak', 'Łuczak'], ['Gałązka', 'Gałązka'], ['Szczęsny', 'Szczęsna'],
];

export const COMPANY_KINDS = [
  'Przedsiębiorstwo Handlowe', 'Hurtownia Budowlana', 'Zakład Stolarski', 'Sklep Ogrodniczy',
  'Usługi Remontowe', 'Kwiaciarnia', 'Piekarnia', 'Pracownia Krawiecka', 'Biuro Rachunkowe', 'Pensjonat',
] as const;

export const COMPANY_BRANDS = [
  'Żuraw', 'Dąbek', 'Słonecznik', 'Złoty Kłos', 'Sokół', 'Jodełka', 'Wrzos', 'Bursztyn', 'Łania',
  'Świerk', 'Pod Wawelem', 'Nad Wartą', 'Źródełko', 'Leśna Polana',
] as const;

export const COMPANY_FORMS = ['Sp. z o.o.', 's.c.', 'Sp. j.', 'S.A.', 'Sp. k.'] as const;

export const STREETS = [
  'ul. Piotrkowska', 'ul. Marszałkowska', 'ul. Długa', 'ul. Kościuszki', 'ul. Mickiewicza', 'ul. Słowackiego',
  'ul. Żeromskiego', 'ul. Świętokrzyska', 'al. Jana Pawła II', 'ul. Ogrodowa', 'ul. Łąkowa', 'ul. Polna',
  'ul. Leśna', 'ul. Kwiatowa', 'ul. Źródlana', 'ul. Wrzosowa', 'ul. Żwirki i Wigury', 'os. Tysiąclecia',
  'ul. Grunwaldzka', 'ul. 3 Maja', 'ul. Szewska', 'ul. Ułańska', 'pl. Wolności', 'ul. Sienkiewicza',
] as const;

/** A city and the first two digits its postal codes start with. */
export const CITIES: ReadonlyArray<readonly [string, number, number]> = [
  ['Warszawa', 0, 4], ['Kraków', 30, 31], ['Łódź', 90, 94], ['Wrocław', 50, 54], ['Poznań', 60, 61],
  ['Gdańsk', 80, 80], ['Gdynia', 81, 81], ['Szczecin', 70, 71], ['Bydgoszcz', 85, 85], ['Lublin', 20, 20],
  ['Białystok', 15, 15], ['Katowice', 40, 40], ['Częstochowa', 42, 42], ['Radom', 26, 26], ['Toruń', 87, 87],
  ['Kielce', 25, 25], ['Rzeszów', 35, 35], ['Olsztyn', 10, 10], ['Opole', 45, 45], ['Zielona Góra', 65, 65],
  ['Bielsko-Biała', 43, 43], ['Gorzów Wielkopolski', 66, 66], ['Nowy Sącz', 33, 33], ['Zakopane', 34, 34],
  ['Świnoujście', 72, 72], ['Łomża', 18, 18],
];

export const ORDER_NOTES = [
  'Proszę o kontakt telefoniczny przed dostawą.',
  'Faktura VAT na firmę.',
  'Dostawa po godzinie 16:00.',
  'Odbiór osobisty w sklepie w Krakowie.',
  'W razie nieobecności zostawić u sąsiada.',
  'Proszę starannie zapakować, to prezent.',
] as const;

const ASCII: Record<string, string> = {
  ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z',
};

/** "Łukasz Wójcik" -> "lukasz.wojcik": for e-mail addresses. */
export function asciiSlug(text: string, separator = '.'): string {
  return text
    .toLocaleLowerCase('pl-PL')
    .replace(/[ąćęłńóśźż]/g, (c) => ASCII[c])
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/** The NIP check digit of the first nine digits, or null when no valid NIP starts with them. */
export function nipCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('A NIP check digit needs nine digits.');
  const sum = NIP_WEIGHTS.reduce((acc, w, i) => acc + w * Number(firstNine[i]), 0);
  const check = sum % 11;
  return check === 10 ? null : check;
}

export function isValidNip(nip: string): boolean {
  const digits = nip.replace(/[-\s]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return nipCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}
