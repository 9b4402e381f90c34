export const scaleSection = { id: 'scale', title: 'Scale', run: () => [] };
