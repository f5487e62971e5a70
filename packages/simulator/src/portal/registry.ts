/**
 * The portal side's mutable state: the seeded registry plus what calls create (PINs, PRNs, TCCs,
 * filed returns). Everything lives in Maps keyed the way the checkers look things up, so a checker
 * call is a couple of hash lookups.
 */
import type { SignedInvoiceSummary, SimTaxpayerLookup } from '../core/types.js';
import {
  CUSTOMS_DECLARATIONS,
  EXCISE_LICENCES,
  IMPORT_CERTIFICATES,
  INVOICES,
  IT_EXEMPTIONS,
  OBLIGATIONS,
  PRNS,
  TAXPAYERS,
  TCCS,
  VAT_EXEMPTIONS,
  type CustomsDeclarationRecord,
  type ExciseLicenceRecord,
  type ImportCertificateRecord,
  type ItExemptionRecord,
  type ObligationDefinition,
  type PortalTaxpayer,
  type PrnRecord,
  type TccRecord,
  type VatExemptionRecord,
} from './fixtures.js';

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), structuredClone(item)]));
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The portal registry. Construct once; `reset()` returns it to the fixtures. */
export class PortalRegistry implements SimTaxpayerLookup {
  readonly obligations = new Map<number, ObligationDefinition>(OBLIGATIONS.map((o) => [o.obligationId, o]));
  taxpayers = new Map<string, PortalTaxpayer>();
  /** `idType:idNumber` → PIN. */
  pinByIdentity = new Map<string, string>();
  tccs = new Map<string, TccRecord>();
  itExemptions = new Map<string, ItExemptionRecord>();
  vatExemptions = new Map<string, VatExemptionRecord>();
  importCertificates = new Map<string, ImportCertificateRecord>();
  importCertificatesByPin = new Map<string, ImportCertificateRecord[]>();
  exciseLicences = new Map<string, ExciseLicenceRecord>();
  exciseLicencesByPin = new Map<string, ExciseLicenceRecord[]>();
  declarations = new Map<string, CustomsDeclarationRecord>();
  prns = new Map<string, PrnRecord>();
  /** `pin|taxObligation|transactionUniqueNo` → PRN, so a resent PRN request gets the first PRN back. */
  prnByTransaction = new Map<string, string>();
  invoices = new Map<string, SignedInvoiceSummary>();
  /** Keys of filed returns (`NIL|pin|obligation|year|month`, `TOT|pin|year|month`): a period is filed once. */
  filedReturns = new Set<string>();

  constructor() {
    this.reset();
  }

  /** Drops everything created since start and reloads the fixtures. */
  reset(): void {
    this.taxpayers = indexBy(TAXPAYERS, (t) => t.pin);
    this.pinByIdentity = new Map();
    for (const taxpayer of this.taxpayers.values()) this.indexIdentity(taxpayer);
    this.tccs = indexBy(TCCS, (t) => t.tccNumber);
    this.itExemptions = indexBy(IT_EXEMPTIONS, (e) => e.pin);
    this.vatExemptions = indexBy(VAT_EXEMPTIONS, (e) => e.certNo);
    this.importCertificates = indexBy(IMPORT_CERTIFICATES, (c) => c.certNo);
    this.importCertificatesByPin = groupBy(this.importCertificates.values(), (c) => c.pin);
    this.exciseLicences = indexBy(EXCISE_LICENCES, (l) => l.licenceNo);
    this.exciseLicencesByPin = groupBy(this.exciseLicences.values(), (l) => l.pin);
    this.declarations = indexBy(CUSTOMS_DECLARATIONS, (d) => d.declarationNo);
    this.prns = indexBy(PRNS, (p) => p.prnNumber);
    this.prnByTransaction = new Map();
    this.invoices = indexBy(INVOICES, (i) => i.cuInvoiceNumber);
    this.filedReturns = new Set();
  }

  /** A taxpayer by PIN (also offered to the OSCU side). */
  findTaxpayer(pin: string): PortalTaxpayer | undefined {
    return this.taxpayers.get(pin);
  }

  /** The PIN registered for an identity document. */
  findPinByIdentity(idType: string, idNumber: string): string | undefined {
    return this.pinByIdentity.get(`${idType}:${idNumber}`);
  }

  /** Registers a new taxpayer (PIN registration). */
  addTaxpayer(taxpayer: PortalTaxpayer): void {
    this.taxpayers.set(taxpayer.pin, taxpayer);
    this.indexIdentity(taxpayer);
  }

  /** Stores a generated PRN. */
  addPrn(prn: PrnRecord): void {
    this.prns.set(prn.prnNumber, prn);
    if (prn.transactionUniqueNo !== undefined) {
      this.prnByTransaction.set(`${prn.pin}|${prn.taxObligation}|${prn.transactionUniqueNo}`, prn.prnNumber);
    }
  }

  /** The PRN already generated for this withholder's transaction number, if any. */
  findPrnByTransaction(pin: string, taxObligation: string, transactionUniqueNo: string): PrnRecord | undefined {
    const prn = this.prnByTransaction.get(`${pin}|${taxObligation}|${transactionUniqueNo}`);
    return prn === undefined ? undefined : this.prns.get(prn);
  }

  private indexIdentity(taxpayer: PortalTaxpayer): void {
    if (taxpayer.idType && taxpayer.idNumber) this.pinByIdentity.set(`${taxpayer.idType}:${taxpayer.idNumber}`, taxpayer.pin);
  }
}
