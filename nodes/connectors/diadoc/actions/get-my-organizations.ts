import { defineNode } from '../../../sdk';
import { connectDiadoc } from '../api';
import { diadocProps } from '../props';
import { sampleOrganization } from '../samples';

export const diadocGetMyOrganizations = defineNode({
  type: 'diadoc.getMyOrganizations',
  kind: 'action',
  title: 'My organizations',
  category: 'Documents',
  connector: 'diadoc',
  sideEffects: false,
  description: 'Lists the organisations this Diadoc login works for, with their boxes; "boxId" is the box the other Diadoc steps use by default.',
  params: { connection: diadocProps.connection() },
  sampleOutput: { organizations: [sampleOrganization], boxId: sampleOrganization.boxes[0].boxId },
  async run(ctx, params) {
    const diadoc = await connectDiadoc(ctx, params.connection);
    const organizations = await diadoc.myOrganizations();
    // No box anywhere is worth an answer here (boxId null), not the error the sending steps give.
    return { organizations, boxId: organizations.length ? await diadoc.box().catch(() => null) : null };
  },
});
