import { z } from 'zod';
import { msgSchema } from '../i18n/messages';
import { APPLICATION_STATUSES, STATUS_AT_HQ } from '../domain/status';

/** The rep's dashboard: pipeline, tasks due, renewals, recent activity. */
export const dashboardSchema = z.object({
  today: z.string(),
  pipeline: z.array(z.object({ status: z.enum(APPLICATION_STATUSES), count: z.number().int() })),
  tasks: z.array(
    z.object({
      applicationId: z.string(),
      customerName: z.string(),
      serviceNumber: z.string().nullable(),
      step: z.string(),
      label: z.string(),
      owner: z.string(),
      due: z.string(),
      overdue: z.boolean(),
      reminder: z.string().optional(),
      /** label, owner, rule and reminder as messages, for the screens. */
      msgs: z.object({ label: msgSchema, owner: msgSchema, rule: msgSchema, reminder: msgSchema.optional() }),
    }),
  ),
  renewals: z.array(z.object({ applicationId: z.string(), customerName: z.string(), end: z.string(), noticeFrom: z.string() })),
  attention: z.array(z.object({ applicationId: z.string(), customerName: z.string(), status: z.enum(APPLICATION_STATUSES), reason: z.string() })),
  recent: z.array(z.object({ applicationId: z.string(), customerName: z.string(), at: z.string(), status: z.enum(APPLICATION_STATUSES), statusAtHq: z.enum(STATUS_AT_HQ), kind: z.string() })),
});
export type Dashboard = z.output<typeof dashboardSchema>;
