/** Word lists for generated data. Invented values only; nothing here comes from a real account. */

export const FIRST_NAMES = words(
  'Olivia Liam Emma Noah Ava Lucas Sofia Mateo Mia Leo Chloe Hugo Hannah Jonas Aisha Omar Yuki Kenji Priya ' +
    'Arjun Elena Marco Zoe Felix Ines Tomas Nora Ethan Grace Samuel Lea Daniel',
);

export const LAST_NAMES = words(
  "Smith Garcia Müller Rossi Dubois Silva Kowalski Nguyen Johnson Brown Tanaka Patel Haddad Novak Jensen O'Brien " +
    'Fernández Costa Schmidt Moreau Walker Kim Andersson Lopez',
);

function words(text: string): readonly string[] {
  return text.split(' ');
}

// city | state | country | countryCode | zipcode | lat | lng | timeZoneName | currencyCode | streets (;-separated)
const CITY_TABLE = [
  'Miami|FL|United States|US|33139|25.79|-80.13|America/New_York|USD|Ocean Drive;Collins Avenue;Meridian Avenue',
  'Austin|TX|United States|US|78704|30.25|-97.75|America/Chicago|USD|South Congress Avenue;Barton Springs Road',
  'Denver|CO|United States|US|80205|39.75|-104.98|America/Denver|USD|Larimer Street;Blake Street;Tennyson Street',
  'San Diego|CA|United States|US|92109|32.79|-117.25|America/Los_Angeles|USD|Mission Boulevard;Garnet Avenue',
  'Lisbon|Lisboa|Portugal|PT|1100-148|38.71|-9.13|Europe/Lisbon|EUR|Rua Augusta;Rua da Prata;Travessa do Carmo',
  'Barcelona|Catalonia|Spain|ES|08003|41.38|2.18|Europe/Madrid|EUR|Carrer de Mallorca;Passeig de Gràcia',
  'London|England|United Kingdom|GB|E2 7DJ|51.52|-0.07|Europe/London|GBP|Brick Lane;Columbia Road;Redchurch Street',
  'Berlin|Berlin|Germany|DE|10437|52.54|13.41|Europe/Berlin|EUR|Kastanienallee;Oderberger Straße;Schönhauser Allee',
];

export const CITIES = CITY_TABLE.map(parseCity);

function parseCity(row: string) {
  const [
    city = '',
    state = '',
    country = '',
    countryCode = '',
    zipcode = '',
    lat,
    lng,
    tz,
    currency,
    streets,
  ] = row.split('|');
  return {
    city,
    state,
    country,
    countryCode,
    zipcode,
    lat: Number(lat),
    lng: Number(lng),
    timeZoneName: tz ?? 'UTC',
    currencyCode: currency ?? 'USD',
    streets: (streets ?? 'Main Street').split(';'),
  };
}

export const LISTING_ADJECTIVES = words(
  'Sunny Cozy Bright Modern Charming Quiet Stylish Spacious Rustic Airy',
);

export const LISTING_KINDS = words('Loft Studio Apartment Bungalow Townhouse Cottage Suite');

export const AMENITIES: readonly (readonly [number, string])[] = [
  [1, 'Internet'],
  [2, 'Air conditioning'],
  [3, 'Kitchen'],
  [5, 'Washer'],
  [7, 'Free parking'],
  [9, 'Heating'],
  [11, 'Smoke detector'],
  [12, 'Hair dryer'],
  [14, 'Iron'],
  [21, 'Wireless'],
  [28, 'Pool'],
  [34, 'Dishwasher'],
  [52, 'Coffee maker'],
  [58, 'Balcony'],
];

export const GUEST_LINES = [
  'Hi! We are looking forward to our stay.',
  'What time can we check in?',
  'Is there parking close to the apartment?',
  'Could we leave our bags a bit earlier?',
  'Thanks, everything is perfect!',
  'The Wi-Fi password does not seem to work.',
  'We will arrive around 9 pm, is that OK?',
  'Can you recommend a good place for dinner nearby?',
] as const;

export const HOST_LINES = [
  'Thank you for your booking, we are happy to host you!',
  'Check-in is from 3 pm; the door code will follow the day before arrival.',
  'Sure, street parking is free after 6 pm.',
  'You are welcome to drop your bags from noon.',
  'Glad to hear it, enjoy your stay!',
  'Sorry about that, the password is on the fridge; I have reset the router.',
  'No problem at all, safe travels.',
  'Try the little bistro around the corner, it is great.',
] as const;

export const SCHEDULED_LINES = [
  'Your check-in instructions: the door code is active from 3 pm on the day of arrival.',
  'Reminder: check-out is at 11 am. Please leave the keys on the kitchen table.',
  'How was your stay? We would love a review!',
] as const;

export const CUSTOM_FIELDS: readonly (readonly [number, string, string])[] = [
  [501, 'Arrival flight', 'text'],
  [502, 'Early check-in requested', 'boolean'],
  [503, 'Guest purpose', 'select'],
];
