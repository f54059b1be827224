import { useEffect, useState } from 'preact/hooks';
import type { PermissionId, RoleId } from '#domain/roles.ts';
import type { Permissions } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { roleNames } from '../../permissions.ts';
import { ProblemMessage } from '../../ui.tsx';
import { Saved } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

// ── Permissions per role ──
const permissionNames: Record<PermissionId, string> = {
  BookPlanningMeetingPreGatewaySubmission: 'Book planning meetings at any gateway stage',
  BookPlanningMeetingPostGatewaySubmission: 'Book planning meetings once the gateway is submitted',
  BookPlanningMeetingPostGatewayApproval: 'Book planning meetings once the gateway is approved',
  ManagePlanningMeetings: 'Manage planning meetings',
  ManagePlanningCapacity: 'Manage booking capacity',
  ConfigureSystem: 'Configure the system',
  ManageDirectory: 'Manage the directory',
};

export const PermissionsTab = () => {
  const { api } = useApp();
  const { record, error, saved, load, save } = useRecordEditor<Permissions>();
  const [roles, setRoles] = useState<Permissions['roles']>({});
  useEffect(() => {
    void load(() => api.permissions(), (data) => setRoles(data.roles));
  }, []);
  if (!record) return <ProblemMessage error={error} />;
  const flip = (role: RoleId, permission: PermissionId, on: boolean) => {
    const current = roles[role] ?? [];
    setRoles({ ...roles, [role]: on ? [...current.filter((item) => item !== permission), permission] : current.filter((item) => item !== permission) });
  };
  return (
    <form
      aria-label="Permissions"
      onSubmit={(event) => {
        event.preventDefault();
        void save(
          (version) => api.savePermissions({ roles }, version),
          (data) => setRoles(data.roles),
        );
      }}
    >
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Role</th>
            {(Object.keys(permissionNames) as PermissionId[]).map((permission) => (
              <th scope="col" key={permission}>
                {permissionNames[permission]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(Object.keys(roleNames) as RoleId[]).map((role) => (
            <tr key={role}>
              <th scope="row">{roleNames[role]}</th>
              {(Object.keys(permissionNames) as PermissionId[]).map((permission) => (
                <td key={permission}>
                  <input type="checkbox" aria-label={`${roleNames[role]}: ${permissionNames[permission]}`} checked={(roles[role] ?? []).includes(permission)} onChange={(event) => flip(role, permission, event.currentTarget.checked)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ProblemMessage error={error} />
      <Saved saved={saved} />
      <button type="submit" class="primary">
        Save permissions
      </button>
    </form>
  );
};
