/**
 * Word lists for the demo ISOF catalogue. A template's `{a|b|c}` groups are filled at random;
 * prices are net PLN per unit. VAT rates follow Polish practice closely enough for a demo: most
 * goods 23 %, food and books 5 %, plants 8 %, gift cards outside VAT (0 %).
 */
export interface ProductTemplate {
  pattern: string;
  unit: 'szt.' | 'kg' | 'opak.' | 'm';
  vat: 23 | 8 | 5 | 0;
  /** Net price range in PLN; a gift card's price is its face value (`faceValue`). */
  net: readonly [number, number];
  faceValue?: boolean;
  category: CategoryName;
}

export type CategoryName =
  | 'tools' | 'lighting' | 'electrical' | 'fasteners' | 'textiles' | 'cleaning' | 'coffee' | 'food'
  | 'books' | 'garden' | 'gift';

export const PRODUCT_TEMPLATES: readonly ProductTemplate[] = [
  // Tools
  { category: 'tools', pattern: 'Młotek ślusarski {300 g|500 g|800 g|1000 g}', unit: 'szt.', vat: 23, net: [18, 65] },
  { category: 'tools', pattern: 'Młotek ciesielski z pazurem {450 g|600 g}', unit: 'szt.', vat: 23, net: [25, 70] },
  { category: 'tools', pattern: 'Wkrętak {płaski|krzyżakowy PH2|krzyżakowy PZ2|Torx T25} {75|100|150} mm', unit: 'szt.', vat: 23, net: [8, 30] },
  { category: 'tools', pattern: 'Zestaw wkrętaków precyzyjnych {6|10|24} szt.', unit: 'szt.', vat: 23, net: [25, 120] },
  { category: 'tools', pattern: 'Klucz płasko-oczkowy {8|10|13|17|19|22} mm', unit: 'szt.', vat: 23, net: [9, 40] },
  { category: 'tools', pattern: 'Poziomica aluminiowa {40|60|80|100|120} cm', unit: 'szt.', vat: 23, net: [20, 90] },
  { category: 'tools', pattern: 'Piła ręczna do drewna {400|450|500} mm', unit: 'szt.', vat: 23, net: [25, 75] },
  { category: 'tools', pattern: 'Szczypce {uniwersalne|boczne|półokrągłe} {160|180|200} mm', unit: 'szt.', vat: 23, net: [18, 60] },
  { category: 'tools', pattern: 'Miara zwijana {3|5|8|10} m', unit: 'szt.', vat: 23, net: [10, 45] },
  { category: 'tools', pattern: 'Wiertarko-wkrętarka akumulatorowa {12|18} V z walizką', unit: 'szt.', vat: 23, net: [199, 699] },
  { category: 'tools', pattern: 'Szlifierka kątowa {115|125} mm {750|900|1200} W', unit: 'szt.', vat: 23, net: [149, 459] },
  { category: 'tools', pattern: 'Dłuto stolarskie {6|12|18|25} mm', unit: 'szt.', vat: 23, net: [14, 45] },
  // Lighting
  { category: 'lighting', pattern: 'Żarówka LED {E27|E14|GU10|G9} {4|6|9|12|15} W {barwa ciepła|barwa neutralna|barwa zimna}', unit: 'szt.', vat: 23, net: [5, 30] },
  { category: 'lighting', pattern: 'Lampka biurkowa LED {czarna|biała|srebrna|miedziana}', unit: 'szt.', vat: 23, net: [49, 189] },
  { category: 'lighting', pattern: 'Taśma LED {2|5|10} m {biała ciepła|biała zimna|RGB}', unit: 'szt.', vat: 23, net: [29, 149] },
  { category: 'lighting', pattern: 'Oprawa sufitowa {okrągła|kwadratowa} {18|24|36} W', unit: 'szt.', vat: 23, net: [59, 239] },
  { category: 'lighting', pattern: 'Latarka czołowa {200|350|500} lm', unit: 'szt.', vat: 23, net: [29, 119] },
  // Electrical
  { category: 'electrical', pattern: 'Przedłużacz {3|4|5} gniazda z wyłącznikiem {1,5|3|5} m', unit: 'szt.', vat: 23, net: [19, 69] },
  { category: 'electrical', pattern: 'Przewód YDY 3×{1,5|2,5} mm²', unit: 'm', vat: 23, net: [2, 6] },
  { category: 'electrical', pattern: 'Przewód OMY 2×{0,75|1} mm² {biały|czarny}', unit: 'm', vat: 23, net: [1, 4] },
  { category: 'electrical', pattern: 'Gniazdo podtynkowe podwójne {białe|kremowe|antracytowe}', unit: 'szt.', vat: 23, net: [12, 39] },
  { category: 'electrical', pattern: 'Bateria alkaliczna {AA|AAA} ({4|8|12} szt.)', unit: 'opak.', vat: 23, net: [9, 39] },
  // Fasteners
  { category: 'fasteners', pattern: 'Wkręty do drewna {3×30|4×40|4×50|5×60} ({100|200|500} szt.)', unit: 'opak.', vat: 23, net: [6, 35] },
  { category: 'fasteners', pattern: 'Gwoździe budowlane {2,5×50|3,1×80|4×100} ({1|2|5} kg)', unit: 'opak.', vat: 23, net: [12, 55] },
  { category: 'fasteners', pattern: 'Kołki rozporowe {6|8|10} mm ({50|100} szt.)', unit: 'opak.', vat: 23, net: [5, 25] },
  { category: 'fasteners', pattern: 'Łańcuch stalowy ocynkowany {4|6|8} mm', unit: 'm', vat: 23, net: [4, 18] },
  // Textiles
  { category: 'textiles', pattern: 'Pościel bawełniana {140×200|160×200|200×220} {w kratę|w paski|gładka|w kwiaty}', unit: 'szt.', vat: 23, net: [89, 289] },
  { category: 'textiles', pattern: 'Ręcznik frotte {50×90|70×140|100×150} {biały|granatowy|szary|zielony|różowy}', unit: 'szt.', vat: 23, net: [19, 79] },
  { category: 'textiles', pattern: 'Koc polarowy {130×170|150×200|200×220} {beżowy|szary|bordowy}', unit: 'szt.', vat: 23, net: [39, 129] },
  { category: 'textiles', pattern: 'Prześcieradło z gumką {90×200|160×200|180×200} {białe|ecru|grafitowe}', unit: 'szt.', vat: 23, net: [35, 89] },
  { category: 'textiles', pattern: 'Obrus lniany {140×180|140×220} {kremowy|biały|oliwkowy}', unit: 'szt.', vat: 23, net: [59, 159] },
  // Cleaning
  { category: 'cleaning', pattern: 'Płyn do naczyń {cytrynowy|miętowy|aloesowy} {0,5|1|1,5} l', unit: 'szt.', vat: 23, net: [4, 15] },
  { category: 'cleaning', pattern: 'Proszek do prania {do bieli|do kolorów} {1,5|3|6} kg', unit: 'szt.', vat: 23, net: [19, 69] },
  { category: 'cleaning', pattern: 'Mydło w płynie {lawendowe|różane|rumiankowe} 500 ml', unit: 'szt.', vat: 23, net: [6, 19] },
  { category: 'cleaning', pattern: 'Środek do czyszczenia łazienek {500|750} ml', unit: 'szt.', vat: 23, net: [7, 22] },
  // Coffee and tea
  { category: 'coffee', pattern: 'Kawa ziarnista {Łódzka|Góralska|Śląska|Mazurska|Kaszubska} {250 g|500 g|1 kg}', unit: 'szt.', vat: 23, net: [19, 89] },
  { category: 'coffee', pattern: 'Kawa mielona {Poranna|Złota|Wiśniowa} {250 g|500 g}', unit: 'szt.', vat: 23, net: [14, 45] },
  { category: 'coffee', pattern: 'Herbata {czarna|zielona|owocowa|miętowa} „{Leśna|Żurawinowa|Jesienna}” ({20|50|100} torebek)', unit: 'szt.', vat: 23, net: [5, 25] },
  // Food
  { category: 'food', pattern: 'Mąka pszenna typ {450|500|650|750}', unit: 'kg', vat: 5, net: [2, 5] },
  { category: 'food', pattern: 'Cukier {biały|trzcinowy} luzem', unit: 'kg', vat: 5, net: [3, 9] },
  { category: 'food', pattern: 'Kasza {gryczana|jęczmienna|jaglana|manna} luzem', unit: 'kg', vat: 5, net: [4, 12] },
  { category: 'food', pattern: 'Ziemniaki jadalne {młode|późne}', unit: 'kg', vat: 5, net: [1, 4] },
  { category: 'food', pattern: 'Orzechy włoskie łuskane', unit: 'kg', vat: 5, net: [30, 60] },
  { category: 'food', pattern: 'Miód {wielokwiatowy|lipowy|gryczany|spadziowy} {250 g|400 g|1 kg}', unit: 'szt.', vat: 5, net: [15, 69] },
  { category: 'food', pattern: 'Chleb żytni na zakwasie {500 g|800 g}', unit: 'szt.', vat: 5, net: [5, 12] },
  { category: 'food', pattern: 'Śliwki suszone węgierki', unit: 'kg', vat: 5, net: [18, 35] },
  // Books
  { category: 'books', pattern: 'Poradnik „{Ogród przez cały rok|Domowe przetwory|Remont bez tajemnic|Kuchnia polska od A do Ż}”', unit: 'szt.', vat: 5, net: [29, 79] },
  // Garden (plants: 8 %)
  { category: 'garden', pattern: 'Sadzonka {pomidora|papryki|ogórka|truskawki} (doniczka {9|12} cm)', unit: 'szt.', vat: 8, net: [3, 12] },
  { category: 'garden', pattern: 'Tuja szmaragd {60|80|100|120} cm', unit: 'szt.', vat: 8, net: [19, 89] },
  { category: 'garden', pattern: 'Róża {wielkokwiatowa|pnąca|okrywowa} {czerwona|biała|żółta|herbaciana}', unit: 'szt.', vat: 8, net: [15, 45] },
  // Gift cards (outside VAT)
  { category: 'gift', pattern: 'Karta podarunkowa {50|100|200|500} zł', unit: 'szt.', vat: 0, net: [0, 0], faceValue: true },
];

export const DESCRIPTION_SENTENCES: Record<CategoryName, readonly string[]> = {
  tools: [
    'Solidne wykonanie ze stali chromowo-wanadowej.',
    'Ergonomiczna rękojeść zmniejsza zmęczenie dłoni podczas długiej pracy.',
    'Sprawdzi się w warsztacie, na budowie i przy pracach domowych.',
    'Gwarancja producenta: 24 miesiące.',
  ],
  lighting: [
    'Niskie zużycie energii i żywotność do 25 000 godzin.',
    'Światło nie migocze, więc nie męczy wzroku.',
    'Zamiennik tradycyjnej żarówki o kilkukrotnie większej mocy.',
    'Klasa energetyczna podana na opakowaniu.',
  ],
  electrical: [
    'Spełnia wymagania polskich norm bezpieczeństwa.',
    'Przewody z miedzi beztlenowej w izolacji PVC.',
    'Montaż powinien wykonać elektryk z uprawnieniami.',
  ],
  fasteners: [
    'Stal ocynkowana odporna na korozję.',
    'Idealne do drewna, płyt wiórowych i MDF.',
    'Opakowanie zbiorcze w korzystnej cenie.',
  ],
  textiles: [
    'Wykonane w 100% z bawełny, przyjemne w dotyku.',
    'Można prać w temperaturze do 60 °C.',
    'Szyte w Polsce, w zakładzie pod Łodzią.',
    'Kolory nie blakną nawet po wielu praniach.',
  ],
  cleaning: [
    'Skutecznie usuwa tłuszcz i zabrudzenia.',
    'Delikatny dla skóry dłoni.',
    'Przechowywać w miejscu niedostępnym dla dzieci.',
  ],
  coffee: [
    'Ziarna palone w małej palarni, tuż przed pakowaniem.',
    'Aromat czekolady i orzechów laskowych.',
    'Polecana do ekspresu ciśnieniowego i kawiarki.',
  ],
  food: [
    'Produkt pochodzi od polskich rolników.',
    'Sprzedawany na wagę, pakowany przy kasie.',
    'Przechowywać w suchym i chłodnym miejscu.',
  ],
  books: [
    'Praktyczne porady krok po kroku, z mnóstwem zdjęć.',
    'Twarda oprawa, papier kredowy.',
  ],
  garden: [
    'Roślina zdrowa, hartowana, gotowa do posadzenia.',
    'Najlepiej rośnie w słonecznym lub półcienistym miejscu.',
    'Podlewać regularnie, szczególnie w pierwszych tygodniach.',
  ],
  gift: [
    'Karta ważna 12 miesięcy od dnia zakupu.',
    'Do wykorzystania w sklepie internetowym i stacjonarnym.',
  ],
};

export const GENERAL_SENTENCES: readonly string[] = [
  'Produkt dostępny od ręki.',
  'Wysyłamy w ciągu 24 godzin.',
  'Zwrot do 14 dni bez podania przyczyny.',
  'Towar pochodzi od sprawdzonego polskiego dostawcy.',
];

/** Fills every `{a|b|c}` group of a template with one of its choices. */
export function fillTemplate(pattern: string, choose: (options: string[]) => string): string {
  return pattern.replace(/\{([^}]+)\}/g, (_, group: string) => choose(group.split('|')));
}
