/**
 * The seeded KRA registry the portal side starts from (and returns to on reset). Sample values from
 * docs/kra/portal.md §7 are included verbatim so that KRA's own examples work against the simulator.
 * All other names and numbers are invented.
 */
import type { SignedInvoiceSummary, SimTaxpayer } from '../core/types.js';

/** A taxpayer with what the portal APIs report about it. */
export interface PortalTaxpayer extends SimTaxpayer {
  /** Identification used by PIN-by-ID: `KE` national ID, `NKE` alien ID, `NKENR` non-resident, `COM` company. */
  idType?: 'KE' | 'NKE' | 'NKENR' | 'COM';
  idNumber?: string;
  tradingName?: string;
  /** Tax service office ("Know your station"). */
  station: string;
  /** Ids from OBLIGATIONS. */
  obligationIds: number[];
}

/** An iTax obligation. The simulator's ids follow java-sdk's enum for 1–8; the rest are its own. */
export interface ObligationDefinition {
  obligationId: number;
  obligationName: string;
  obligationType: string;
}

/** A tax compliance certificate. Dates are `dd/mm/yyyy` as the TCC checker returns them. */
export interface TccRecord {
  tccNumber: string;
  pin: string;
  status: 'Active' | 'Expired' | 'Revoked';
  issueDate: string;
  expiryDate: string;
}

/** An income-tax exemption certificate; `issueDateMs` is reported as epoch milliseconds. */
export interface ItExemptionRecord {
  pin: string;
  certNo: string;
  issueDateMs: number;
  effectiveDate: string;
  expiryDate: string;
}

/** A VAT exemption certificate. */
export interface VatExemptionRecord {
  certNo: string;
  pin: string;
  issueDt: string;
  statusFlag: string;
}

/** An import certificate. */
export interface ImportCertificateRecord {
  certNo: string;
  pin: string;
  issueDt: string;
  statusFlag: string;
  productCode: string;
}

/** An excise licence. `DateOfIssue` is `dd/mm/yyyy`. */
export interface ExciseLicenceRecord {
  licenceNo: string;
  pin: string;
  status: string;
  classOfGoods: string;
  dateOfIssue: string;
  isSmallBrewer: string;
}

/** A customs declaration; `status` is one of the states java-sdk lists. */
export interface CustomsDeclarationRecord {
  declarationNo: string;
  status: string;
  importerPin: string;
  customsOffice: string;
  registrationDate: string;
}

/** A payment registration number (PRN, printed on the e-slip). */
export interface PrnRecord {
  prnNumber: string;
  /** `YYYY-MM-DDTHH:MM:SS`, Kenyan time. */
  prnDate: string;
  prnAmount: number;
  pin: string;
  obligationId: number;
  /** `WHTIT` / `WHTRENT` / `WHTVAT` / `TOT`. */
  taxObligation: string;
  taxPeriodFrom: string;
  taxPeriodTo: string;
  status: 'Unpaid' | 'Paid';
  transactionUniqueNo?: string;
}

/** The obligation catalogue. */
export const OBLIGATIONS: readonly ObligationDefinition[] = [
  { obligationId: 1, obligationName: 'Income Tax - Resident Individual', obligationType: 'Income Tax' },
  { obligationId: 2, obligationName: 'Income Tax - Non-Resident Individual', obligationType: 'Income Tax' },
  { obligationId: 3, obligationName: 'Income Tax - Partnership', obligationType: 'Income Tax' },
  { obligationId: 4, obligationName: 'Income Tax - Company', obligationType: 'Income Tax' },
  { obligationId: 5, obligationName: 'Value Added Tax (VAT)', obligationType: 'VAT' },
  { obligationId: 6, obligationName: 'Income Tax - PAYE', obligationType: 'Income Tax' },
  { obligationId: 7, obligationName: 'Excise Duty', obligationType: 'Excise' },
  { obligationId: 8, obligationName: 'Income Tax - Rent Income (MRI)', obligationType: 'Income Tax' },
  { obligationId: 9, obligationName: 'Turnover Tax (TOT)', obligationType: 'Income Tax' },
  { obligationId: 29, obligationName: 'Income Tax - Withholding', obligationType: 'Withholding' },
  { obligationId: 30, obligationName: 'VAT Withholding', obligationType: 'Withholding' },
  { obligationId: 31, obligationName: 'Rental Income Withholding', obligationType: 'Withholding' },
];

/** Obligation id of each withholding PRN's `taxObligation`, and of TOT. */
export const OBLIGATION_ID_BY_TAX_OBLIGATION: Readonly<Record<string, number>> = { WHTIT: 29, WHTVAT: 30, WHTRENT: 31, TOT: 9 };

/** Obligation id NIL/TOT filing needs for turnover tax. */
export const TOT_OBLIGATION_ID = 9;

/** Seeded taxpayers. */
export const TAXPAYERS: readonly PortalTaxpayer[] = [
  {
    pin: 'A744610021G',
    name: 'JOHN KAMAU MWANGI',
    type: 'Individual',
    status: 'Active',
    idType: 'KE',
    idNumber: '12345678',
    station: 'Nairobi West',
    obligationIds: [1],
    county: 'NAIROBI CITY',
    subCounty: 'LANGATA',
    locality: 'SOUTH C',
    location: 'Mugoya Estate',
  },
  {
    pin: 'A521040203F',
    name: 'MARY WANJIKU NJOROGE',
    type: 'Individual',
    status: 'Active',
    idType: 'KE',
    idNumber: '23456789',
    station: 'Westlands',
    obligationIds: [1, 8],
    county: 'NAIROBI CITY',
    subCounty: 'WESTLANDS',
    locality: 'PARKLANDS',
    location: '3rd Parklands Avenue',
  },
  {
    pin: 'P318295670X',
    name: 'SAFARI TRADERS LIMITED',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'CPR/2015/123456',
    tradingName: 'Safari Traders',
    station: 'Large Taxpayers Office',
    obligationIds: [4, 5, 6, 29, 30, 31],
    county: 'NAIROBI CITY',
    subCounty: 'STAREHE',
    locality: 'INDUSTRIAL AREA',
    location: 'Enterprise Road',
  },
  {
    pin: 'A948312567Q',
    name: 'PETER OTIENO ODHIAMBO',
    type: 'Individual',
    status: 'Suspended',
    idType: 'KE',
    idNumber: '34567890',
    station: 'Kisumu',
    obligationIds: [1],
    county: 'KISUMU',
    subCounty: 'KISUMU CENTRAL',
    locality: 'MILIMANI',
    location: 'Oginga Odinga Street',
  },
  {
    pin: 'P531107121Z',
    name: 'NYOTA BREWERIES LIMITED',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'PVT-2019-0456',
    tradingName: 'Nyota Brew',
    station: 'Nakuru',
    obligationIds: [4, 5, 6, 7, 29],
    county: 'NAKURU',
    subCounty: 'NAKURU TOWN EAST',
    locality: 'LANET',
    location: 'Lanet Industrial Park',
  },
  {
    pin: 'P915347031J',
    name: 'JUA KALI HARDWARE LIMITED',
    type: 'Non Individual',
    status: 'Cancelled',
    idType: 'COM',
    idNumber: 'CPR/2009/004411',
    station: 'Mombasa South',
    obligationIds: [4],
    county: 'MOMBASA',
    subCounty: 'MVITA',
    locality: 'OLD TOWN',
    location: 'Digo Road',
  },
  {
    pin: 'A553210740V',
    name: 'GRACE AKINYI OUMA',
    type: 'Individual',
    status: 'Active',
    idType: 'KE',
    idNumber: '45678901',
    tradingName: 'Akinyi Salon',
    station: 'Nairobi East',
    obligationIds: [1, 9],
    county: 'NAIROBI CITY',
    subCounty: 'EMBAKASI',
    locality: 'DONHOLM',
    location: 'Savannah Road',
  },
  {
    pin: 'A123456789Z',
    name: 'Taxpayer1130',
    type: 'Individual',
    status: 'Active',
    idType: 'KE',
    idNumber: '11301130',
    station: 'Westlands',
    obligationIds: [1, 5],
    county: 'NAIROBI CITY',
    subCounty: 'WESTLANDS',
    locality: 'WON',
    location: 'Westlands Towers',
  },
  {
    pin: 'P051234567K',
    name: 'MAJI SAFI WATER SERVICES LIMITED',
    type: 'Non Individual',
    status: 'Stopped',
    idType: 'COM',
    idNumber: 'CPR/2001/000777',
    station: 'Thika',
    obligationIds: [4, 5],
    county: 'KIAMBU',
    subCounty: 'THIKA TOWN',
    locality: 'MAKONGENI',
    location: 'Garissa Road',
  },
  {
    pin: 'A012345678N',
    name: 'AHMED HASSAN ALI',
    type: 'Individual',
    status: 'Active',
    idType: 'NKE',
    idNumber: '987654',
    station: 'Mombasa North',
    obligationIds: [2],
    county: 'MOMBASA',
    subCounty: 'NYALI',
    locality: 'NYALI',
    location: 'Links Road',
  },
  // The eTIMS taxpayers of the OSCU side's fixtures (same names), so both halves describe one registry.
  {
    pin: 'P051234567Q',
    name: 'USHURU SIM TRADERS LIMITED',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'PVT-2024-0515',
    station: 'Westlands',
    obligationIds: [4, 5, 6],
    county: 'NAIROBI CITY',
    subCounty: 'WESTLANDS',
    locality: 'PARKLANDS',
    location: 'Ushuru Plaza, Ring Road',
  },
  {
    pin: 'P052345678R',
    name: 'SIM SUPPLIES (KENYA) LIMITED',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'PVT-2023-0777',
    station: 'Nairobi East',
    obligationIds: [4, 5],
    county: 'NAIROBI CITY',
    subCounty: 'EMBAKASI',
    locality: 'INDUSTRIAL AREA',
    location: 'Mombasa Road',
  },
  {
    pin: 'A098765432K',
    name: 'JANE WANJIKU KAMAU',
    type: 'Individual',
    status: 'Active',
    idType: 'KE',
    idNumber: '29876543',
    station: 'Nairobi North',
    obligationIds: [1, 9],
    county: 'KIAMBU',
    subCounty: 'RUIRU',
    locality: 'RUIRU',
    location: 'Thika Road Mall',
  },
  {
    pin: 'P000111222A',
    name: 'NAIROBI WHOLESALE SUPPLIERS LTD',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'CPR/2010/011122',
    station: 'Large Taxpayers Office',
    obligationIds: [4, 5, 6],
    county: 'NAIROBI CITY',
    subCounty: 'STAREHE',
    locality: 'INDUSTRIAL AREA',
    location: 'Lunga Lunga Road',
  },
  {
    pin: 'P000333444B',
    name: 'COAST AGRO DISTRIBUTORS LTD',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'CPR/2012/033344',
    station: 'Mombasa South',
    obligationIds: [4, 5],
    county: 'MOMBASA',
    subCounty: 'CHANGAMWE',
    locality: 'MIRITINI',
    location: 'Port Reitz Road',
  },
  {
    pin: 'P700123456C',
    name: 'KENYA HELPING HANDS FOUNDATION',
    type: 'Non Individual',
    status: 'Active',
    idType: 'COM',
    idNumber: 'OP.218/051/2010/0123',
    station: 'Nairobi North',
    obligationIds: [4, 6],
    county: 'NAIROBI CITY',
    subCounty: 'KASARANI',
    locality: 'ROYSAMBU',
    location: 'Thika Road',
  },
];

/** Seeded TCCs, including KRA's sandbox sample (whose PIN is not even well-formed). */
export const TCCS: readonly TccRecord[] = [
  { tccNumber: 'KRAEON1294973222', pin: 'A12345678', status: 'Active', issueDate: '01/07/2025', expiryDate: '30/06/2026' },
  { tccNumber: 'KRAEON0000000101', pin: 'P318295670X', status: 'Active', issueDate: '15/01/2025', expiryDate: '14/01/2026' },
  { tccNumber: 'KRAEON0000000102', pin: 'A744610021G', status: 'Expired', issueDate: '10/03/2023', expiryDate: '09/03/2024' },
];

/** Seeded income-tax exemptions. */
export const IT_EXEMPTIONS: readonly ItExemptionRecord[] = [
  {
    pin: 'P700123456C',
    certNo: 'ITX/2024/000123',
    issueDateMs: Date.UTC(2024, 0, 15, 7, 0, 0),
    effectiveDate: '2024-01-15 00:00:00.0',
    expiryDate: '2029-01-14 00:00:00.0',
  },
];

/** Seeded VAT exemption certificates. */
export const VAT_EXEMPTIONS: readonly VatExemptionRecord[] = [
  { certNo: 'VATEX/2025/00045', pin: 'P318295670X', issueDt: '2025-02-01 00:00:00.0', statusFlag: 'A' },
  { certNo: 'VATEX/2023/00012', pin: 'P700123456C', issueDt: '2023-05-10 00:00:00.0', statusFlag: 'E' },
];

/** Seeded import certificates. */
export const IMPORT_CERTIFICATES: readonly ImportCertificateRecord[] = [
  { certNo: 'IC/2025/000101', pin: 'P531107121Z', issueDt: '2025-03-04 10:15:00.0', statusFlag: 'A', productCode: '2203.00.00' },
  { certNo: 'IC/2025/000102', pin: 'P531107121Z', issueDt: '2025-03-04 10:20:00.0', statusFlag: 'A', productCode: '1107.10.00' },
  { certNo: 'IC/2024/000555', pin: 'P318295670X', issueDt: '2024-11-20 09:00:00.0', statusFlag: 'E', productCode: '8471.30.00' },
];

/** Seeded excise licences. */
export const EXCISE_LICENCES: readonly ExciseLicenceRecord[] = [
  { licenceNo: 'KRA/EXL/2023/0001', pin: 'P531107121Z', status: 'Active', classOfGoods: 'Beer', dateOfIssue: '12/04/2023', isSmallBrewer: 'No' },
  { licenceNo: 'KRA/EXL/2024/0007', pin: 'P531107121Z', status: 'Active', classOfGoods: 'Bottled Water', dateOfIssue: '02/02/2024', isSmallBrewer: 'No' },
  { licenceNo: 'KRA/EXL/2021/0450', pin: 'P915347031J', status: 'Revoked', classOfGoods: 'Spirits', dateOfIssue: '30/06/2021', isSmallBrewer: 'Yes' },
];

/** Seeded customs declarations, including KRA's sandbox sample `20WILIM600000181`. */
export const CUSTOMS_DECLARATIONS: readonly CustomsDeclarationRecord[] = [
  { declarationNo: '20WILIM600000181', status: 'REMOVED', importerPin: 'P318295670X', customsOffice: 'WIL', registrationDate: '2020-03-11' },
  { declarationNo: '24MSAIM400012345', status: 'UNDER_CONTROL', importerPin: 'P531107121Z', customsOffice: 'MSA', registrationDate: '2024-08-02' },
  { declarationNo: '23JKAEX100000777', status: 'CANCELLED', importerPin: 'P318295670X', customsOffice: 'JKA', registrationDate: '2023-12-19' },
];

/** Seeded PRNs / e-slips, including KRA's VAT-withholding sample `2020250002597584`. */
export const PRNS: readonly PrnRecord[] = [
  {
    prnNumber: '2020250002597584',
    prnDate: '2025-09-23T12:51:25',
    prnAmount: 2000.0,
    pin: 'P318295670X',
    obligationId: 30,
    taxObligation: 'WHTVAT',
    taxPeriodFrom: '2025-09-01T00:00:00',
    taxPeriodTo: '2025-09-30T00:00:00',
    status: 'Unpaid',
  },
  {
    prnNumber: '2020250001111111',
    prnDate: '2025-08-05T09:12:44',
    prnAmount: 15000.0,
    pin: 'P318295670X',
    obligationId: 29,
    taxObligation: 'WHTIT',
    taxPeriodFrom: '2025-07-01T00:00:00',
    taxPeriodTo: '2025-07-31T00:00:00',
    status: 'Paid',
  },
];

/**
 * Invoice-checker fixtures: the two sandbox samples of docs/kra/portal.md §7. Their contents are invented; only
 * the numbers and dates come from KRA's samples.
 */
export const INVOICES: readonly SignedInvoiceSummary[] = [
  {
    cuInvoiceNumber: 'KRACU0100058659/5134',
    sdcId: 'KRACU0100058659',
    invcNo: 5134,
    tin: 'P318295670X',
    bhfId: '00',
    taxpayerName: 'SAFARI TRADERS LIMITED',
    deviceSerialNumber: 'SAFARI-POS-01',
    custTin: 'A744610021G',
    custNm: 'JOHN KAMAU MWANGI',
    traderInvoiceNumber: 'INV-2024-08-0091',
    salesDate: '2024-08-18',
    transmissionDate: '2024-08-18 14:03:22',
    totalItemCount: 2,
    totalAmount: 3480,
    totalTaxableAmount: 3000,
    totalTaxAmount: 480,
    totalDiscountAmount: 0,
    items: [
      {
        itemCode: 'KE1NTXU0000001',
        itemName: 'Maize Flour 2kg',
        quantity: 10,
        unitPrice: 174,
        taxType: 'B',
        taxableAmount: 1500,
        taxAmount: 240,
        totalAmount: 1740,
      },
      {
        itemCode: 'KE1NTXU0000002',
        itemName: 'Cooking Oil 1L',
        quantity: 5,
        unitPrice: 348,
        taxType: 'B',
        taxableAmount: 1500,
        taxAmount: 240,
        totalAmount: 1740,
      },
    ],
  },
  {
    cuInvoiceNumber: 'KRACU0300001191/90697',
    sdcId: 'KRACU0300001191',
    invcNo: 90697,
    tin: 'P531107121Z',
    bhfId: '00',
    taxpayerName: 'NYOTA BREWERIES LIMITED',
    deviceSerialNumber: 'NYOTA-ERP-7',
    custTin: null,
    custNm: null,
    traderInvoiceNumber: 'NB/2020/06/1191',
    salesDate: '2020-06-13',
    transmissionDate: '2020-06-13 18:45:10',
    totalItemCount: 1,
    totalAmount: 1160,
    totalTaxableAmount: 1000,
    totalTaxAmount: 160,
    totalDiscountAmount: 0,
    items: [
      {
        itemCode: 'KE2BTCT0000031',
        itemName: 'Lager 500ml crate',
        quantity: 1,
        unitPrice: 1160,
        taxType: 'B',
        taxableAmount: 1000,
        taxAmount: 160,
        totalAmount: 1160,
      },
    ],
  },
];

/** Invoice numbers that make the invoice checker fail the way KRA sometimes does, for client tests. */
export const INVOICE_CHECKER_FAILURES: Readonly<Record<string, { code: number; message: string }>> = {
  'KRACU0000040005/1': { code: 40005, message: 'Unable to process request - Try Again' },
  'KRACU0000050000/1': { code: 50000, message: 'Internal Server Error' },
};
