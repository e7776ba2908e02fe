/** Risk as text and colour: the level's word is always shown, the colour only adds to it. */
export function RiskBadge({ level, score }: { level?: string | null; score?: number | null }) {
  const l = (level ?? 'unknown').toLowerCase();
  return (
    <span class={`risk risk-${l}`}>
      {l}
      {typeof score === 'number' ? ` ${score}` : ''}
    </span>
  );
}
