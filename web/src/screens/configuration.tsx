import { useState } from 'preact/hooks';
import { AvailabilityTab } from './configuration/availability.tsx';
import { EpaAvailabilityTab } from './configuration/epa-availability.tsx';
import { GroupsTab } from './configuration/groups.tsx';
import { PermissionsTab } from './configuration/permissions.tsx';
import { PlanningTab } from './configuration/planning.tsx';
import { StandardsTab } from './configuration/standards.tsx';

const tabs = [
  { id: 'availability', title: 'Availability', render: () => <AvailabilityTab /> },
  { id: 'planning', title: 'Notifications: Planning', render: () => <PlanningTab /> },
  { id: 'standards', title: 'Standards', render: () => <StandardsTab /> },
  { id: 'groups', title: 'Groups', render: () => <GroupsTab /> },
  { id: 'epa', title: 'EPA availability', render: () => <EpaAvailabilityTab /> },
  { id: 'permissions', title: 'Permissions', render: () => <PermissionsTab /> },
] as const;

export const ConfigurationScreen = () => {
  const [tab, setTab] = useState<(typeof tabs)[number]['id']>('availability');
  const current = tabs.find((candidate) => candidate.id === tab)!;
  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  const move = (event: KeyboardEvent) => {
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section>
      <h1>Configuration</h1>
      <div class="tabs" role="tablist" aria-label="Configuration" onKeyDown={move}>
        {tabs.map((candidate) => (
          <button
            type="button"
            role="tab"
            key={candidate.id}
            id={`tab-${candidate.id}`}
            aria-selected={candidate.id === tab}
            aria-controls="tab-panel"
            tabIndex={candidate.id === tab ? 0 : -1}
            onClick={() => setTab(candidate.id)}
          >
            {candidate.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab}`}>
        {current.render()}
      </div>
    </section>
  );
};
