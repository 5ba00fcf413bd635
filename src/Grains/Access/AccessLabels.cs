using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Access;

/// <summary>What each permission is called in a refusal, in both languages.</summary>
public static class AccessLabels
{
    public static LocalizedText Of(Permission permission) => permission switch
    {
        Permission.ReadIncident => Text.Of("查看事件", "read cases"),
        Permission.ReadAudit => Text.Of("查看审计与问责材料", "read audit trails and accountability packets"),
        Permission.ReadArea => Text.Of("查看区域事件与统计", "read an area's cases and counters"),
        Permission.ReadMap => Text.Of("查看区域地图", "read the area map"),
        Permission.ReadReference => Text.Of("查看基础数据", "read reference data"),
        Permission.ReadUnitQueue => Text.Of("查看单位待办", "read a unit's work queue"),
        Permission.SendPositions => Text.Of("上报位置", "send positions"),
        Permission.ReadPositions => Text.Of("查看人员位置", "see where people are"),
        Permission.ReadTracks => Text.Of("查看轨迹", "read tracks"),
        Permission.ReadRestricted => Text.Of("查看受限个人信息", "read restricted personal information"),
        Permission.OwnSession => Text.Of("查看或结束本人会话", "see or end one's own session"),
        Permission.ManageUsers => Text.Of("管理用户", "manage users"),
        Permission.ManageCalendar => Text.Of("维护工作日历", "maintain the work calendar"),
        Permission.RunDiagnostics => Text.Of("运行诊断", "run diagnostics"),
        Permission.ReadSupervision => Text.Of("查看本人督办", "read one's supervision queue"),
        Permission.UploadPhotos => Text.Of("上传照片", "upload photos"),
        Permission.ChangeTeamStatus => Text.Of("变更队伍状态", "change a field team's status"),
        Permission.ReadAreaAssessment => Text.Of("查看区域考核与排名", "read an area's assessment and the rankings"),
        Permission.ReadUnitAssessment => Text.Of("查看单位考核", "read a unit's assessment"),
        Permission.ReadPersonAssessment => Text.Of("查看个人考核", "read a person's assessment"),
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, null),
    };
}
