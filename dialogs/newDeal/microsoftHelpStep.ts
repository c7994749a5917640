import { HELP_CODES } from '../../services/opportunities/opportunity';
import { HelpCodes, HelpNotes } from '../../services/deals/dealDraft';
import { fail, formQuestion, type Parsed } from '../flow/cardForm';
import type { Question } from '../flow/question';
import { numbersIn } from '../flow/turnInput';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { customerContactQuestion, consentQuestion } from './contactForms';
import { parseWith, textField, yesNoField } from './fields';
import { Q } from './ids';

type D = DealWorkingDraft;
const STEP = 'help';

/**
 * Step 5, "Would you like Microsoft's help?": no makes a private pipeline deal; yes makes a co-sell
 * deal, which needs the kind of help, notes on it, the customer contact and the consent.
 */
export class MicrosoftHelpStep {
  questions(): Question<D>[] {
    const wanted = (d: D) => d.help?.wanted === true;
    return [
      formQuestion<D>({
        id: Q.helpWanted,
        step: STEP,
        template: 'dealHelpWanted',
        fields: [yesNoField('wanted', 'deals.fields.helpWanted')],
        load: (d) => (d.help ? { wanted: d.help.wanted } : {}),
        save: (d, values) => {
          d.help = values?.wanted === true ? { ...d.help, wanted: true } : { ...d.help, wanted: false };
        },
      }),
      formQuestion<D>({
        id: Q.helpDetails,
        step: STEP,
        applies: wanted,
        template: 'dealHelpDetails',
        fields: [
          {
            id: 'helpCodes',
            labelKey: 'deals.fields.helpCodes',
            required: true,
            typedHintKey: 'deals.fields.helpCodesHint',
            parse: (raw) => this.parseHelpCodes(raw),
            toCard: (v) => (v as number[]).join(','),
            show: (v, tr) => (v as number[]).map((c) => tr.t(`deals.helpCodes.${c}`)).join(', '),
          },
          textField('helpNotes', true, HelpNotes),
        ],
        data: (q) => ({ helpCodes: HELP_CODES.map((c) => ({ title: q.tr.t('dialog.numbered', { number: c, text: q.tr.t(`deals.helpCodes.${c}`) }), value: String(c) })) }),
        load: (d) => ({ helpCodes: d.help?.helpCodes, helpNotes: d.help?.notes }),
        save: (d, values) => {
          d.help = { wanted: true, helpCodes: values?.helpCodes as number[], notes: values?.helpNotes as string };
        },
      }),
      // Asked only when step 1 left them out; once answered here, "back" may still return to them.
      customerContactQuestion({ id: Q.helpContact, step: STEP, required: true, applies: (d) => wanted(d) && !d.contact, revisit: wanted }),
      consentQuestion({ id: Q.helpConsent, step: STEP, mustConsent: true, applies: (d) => wanted(d) && d.consent !== true, revisit: wanted }),
    ];
  }

  /** The card sends "1,3"; typed "1, 3" or "1 3" means the same. */
  parseHelpCodes(raw: string): Parsed {
    const codes = numbersIn(raw);
    if (!codes || codes.some((c) => !(HELP_CODES as readonly number[]).includes(c))) return fail('deals.errors.helpCodes');
    return parseWith(HelpCodes, [...new Set(codes)].sort((a, b) => a - b));
  }
}
