/**
 * Copyright IBM Corp. 2021, 2026
 * SPDX-License-Identifier: MPL-2.0
 */
import { Construct } from 'constructs';
import * as cdktn from 'cdktn';
export interface DataAwsIamPolicyDocumentConfig extends cdktn.TerraformMetaArguments {
    readonly id?: string;
    readonly overrideJson?: string;
    readonly overridePolicyDocuments?: string[];
    readonly policyId?: string;
    readonly sourceJson?: string;
    readonly sourcePolicyDocuments?: string[];
    readonly version?: string;
    readonly statement?: DataAwsIamPolicyDocumentStatement[] | cdktn.IResolvable;
}
export interface DataAwsIamPolicyDocumentStatementCondition {
    readonly test: string;
    readonly values: string[];
    readonly variable: string;
}
export declare function dataAwsIamPolicyDocumentStatementConditionToTerraform(struct?: DataAwsIamPolicyDocumentStatementCondition | cdktn.IResolvable): any;
export declare function dataAwsIamPolicyDocumentStatementConditionToHclTerraform(struct?: DataAwsIamPolicyDocumentStatementCondition | cdktn.IResolvable): any;
export declare class DataAwsIamPolicyDocumentStatementConditionOutputReference extends cdktn.ComplexObject {
    private isEmptyObject;
    private resolvableValue?;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean);
    get internalValue(): DataAwsIamPolicyDocumentStatementCondition | cdktn.IResolvable | undefined;
    set internalValue(value: DataAwsIamPolicyDocumentStatementCondition | cdktn.IResolvable | undefined);
    private _test?;
    get test(): string;
    set test(value: string);
    get testInput(): string | undefined;
    private _values?;
    get values(): string[];
    set values(value: string[]);
    get valuesInput(): string[] | undefined;
    private _variable?;
    get variable(): string;
    set variable(value: string);
    get variableInput(): string | undefined;
}
export declare class DataAwsIamPolicyDocumentStatementConditionList extends cdktn.ComplexList {
    internalValue?: DataAwsIamPolicyDocumentStatementCondition[] | cdktn.IResolvable;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean);
    get(index: number): DataAwsIamPolicyDocumentStatementConditionOutputReference;
}
export interface DataAwsIamPolicyDocumentStatementNotPrincipals {
    readonly identifiers: string[];
    readonly type: string;
}
export declare function dataAwsIamPolicyDocumentStatementNotPrincipalsToTerraform(struct?: DataAwsIamPolicyDocumentStatementNotPrincipals | cdktn.IResolvable): any;
export declare function dataAwsIamPolicyDocumentStatementNotPrincipalsToHclTerraform(struct?: DataAwsIamPolicyDocumentStatementNotPrincipals | cdktn.IResolvable): any;
export declare class DataAwsIamPolicyDocumentStatementNotPrincipalsOutputReference extends cdktn.ComplexObject {
    private isEmptyObject;
    private resolvableValue?;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean);
    get internalValue(): DataAwsIamPolicyDocumentStatementNotPrincipals | cdktn.IResolvable | undefined;
    set internalValue(value: DataAwsIamPolicyDocumentStatementNotPrincipals | cdktn.IResolvable | undefined);
    private _identifiers?;
    get identifiers(): string[];
    set identifiers(value: string[]);
    get identifiersInput(): string[] | undefined;
    private _type?;
    get type(): string;
    set type(value: string);
    get typeInput(): string | undefined;
}
export declare class DataAwsIamPolicyDocumentStatementNotPrincipalsList extends cdktn.ComplexList {
    internalValue?: DataAwsIamPolicyDocumentStatementNotPrincipals[] | cdktn.IResolvable;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean);
    get(index: number): DataAwsIamPolicyDocumentStatementNotPrincipalsOutputReference;
}
export interface DataAwsIamPolicyDocumentStatementPrincipals {
    readonly identifiers: string[];
    readonly type: string;
}
export declare function dataAwsIamPolicyDocumentStatementPrincipalsToTerraform(struct?: DataAwsIamPolicyDocumentStatementPrincipals | cdktn.IResolvable): any;
export declare function dataAwsIamPolicyDocumentStatementPrincipalsToHclTerraform(struct?: DataAwsIamPolicyDocumentStatementPrincipals | cdktn.IResolvable): any;
export declare class DataAwsIamPolicyDocumentStatementPrincipalsOutputReference extends cdktn.ComplexObject {
    private isEmptyObject;
    private resolvableValue?;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean);
    get internalValue(): DataAwsIamPolicyDocumentStatementPrincipals | cdktn.IResolvable | undefined;
    set internalValue(value: DataAwsIamPolicyDocumentStatementPrincipals | cdktn.IResolvable | undefined);
    private _identifiers?;
    get identifiers(): string[];
    set identifiers(value: string[]);
    get identifiersInput(): string[] | undefined;
    private _type?;
    get type(): string;
    set type(value: string);
    get typeInput(): string | undefined;
}
export declare class DataAwsIamPolicyDocumentStatementPrincipalsList extends cdktn.ComplexList {
    internalValue?: DataAwsIamPolicyDocumentStatementPrincipals[] | cdktn.IResolvable;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean);
    get(index: number): DataAwsIamPolicyDocumentStatementPrincipalsOutputReference;
}
export interface DataAwsIamPolicyDocumentStatement {
    readonly actions?: string[];
    readonly effect?: string;
    readonly notActions?: string[];
    readonly notResources?: string[];
    readonly resources?: string[];
    readonly sid?: string;
    readonly condition?: DataAwsIamPolicyDocumentStatementCondition[] | cdktn.IResolvable;
    readonly notPrincipals?: DataAwsIamPolicyDocumentStatementNotPrincipals[] | cdktn.IResolvable;
    readonly principals?: DataAwsIamPolicyDocumentStatementPrincipals[] | cdktn.IResolvable;
}
export declare function dataAwsIamPolicyDocumentStatementToTerraform(struct?: DataAwsIamPolicyDocumentStatement | cdktn.IResolvable): any;
export declare function dataAwsIamPolicyDocumentStatementToHclTerraform(struct?: DataAwsIamPolicyDocumentStatement | cdktn.IResolvable): any;
export declare class DataAwsIamPolicyDocumentStatementOutputReference extends cdktn.ComplexObject {
    private isEmptyObject;
    private resolvableValue?;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean);
    get internalValue(): DataAwsIamPolicyDocumentStatement | cdktn.IResolvable | undefined;
    set internalValue(value: DataAwsIamPolicyDocumentStatement | cdktn.IResolvable | undefined);
    private _actions?;
    get actions(): string[];
    set actions(value: string[]);
    resetActions(): void;
    get actionsInput(): string[] | undefined;
    private _effect?;
    get effect(): string;
    set effect(value: string);
    resetEffect(): void;
    get effectInput(): string | undefined;
    private _notActions?;
    get notActions(): string[];
    set notActions(value: string[]);
    resetNotActions(): void;
    get notActionsInput(): string[] | undefined;
    private _notResources?;
    get notResources(): string[];
    set notResources(value: string[]);
    resetNotResources(): void;
    get notResourcesInput(): string[] | undefined;
    private _resources?;
    get resources(): string[];
    set resources(value: string[]);
    resetResources(): void;
    get resourcesInput(): string[] | undefined;
    private _sid?;
    get sid(): string;
    set sid(value: string);
    resetSid(): void;
    get sidInput(): string | undefined;
    private _condition;
    get condition(): DataAwsIamPolicyDocumentStatementConditionList;
    putCondition(value: DataAwsIamPolicyDocumentStatementCondition[] | cdktn.IResolvable): void;
    resetCondition(): void;
    get conditionInput(): cdktn.IResolvable | DataAwsIamPolicyDocumentStatementCondition[] | undefined;
    private _notPrincipals;
    get notPrincipals(): DataAwsIamPolicyDocumentStatementNotPrincipalsList;
    putNotPrincipals(value: DataAwsIamPolicyDocumentStatementNotPrincipals[] | cdktn.IResolvable): void;
    resetNotPrincipals(): void;
    get notPrincipalsInput(): cdktn.IResolvable | DataAwsIamPolicyDocumentStatementNotPrincipals[] | undefined;
    private _principals;
    get principals(): DataAwsIamPolicyDocumentStatementPrincipalsList;
    putPrincipals(value: DataAwsIamPolicyDocumentStatementPrincipals[] | cdktn.IResolvable): void;
    resetPrincipals(): void;
    get principalsInput(): cdktn.IResolvable | DataAwsIamPolicyDocumentStatementPrincipals[] | undefined;
}
export declare class DataAwsIamPolicyDocumentStatementList extends cdktn.ComplexList {
    internalValue?: DataAwsIamPolicyDocumentStatement[] | cdktn.IResolvable;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean);
    get(index: number): DataAwsIamPolicyDocumentStatementOutputReference;
}
export declare class DataAwsIamPolicyDocument extends cdktn.TerraformDataSource {
    static readonly tfResourceType = "aws_iam_policy_document";
    static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider): cdktn.ImportableResource;
    constructor(scope: Construct, id: string, config?: DataAwsIamPolicyDocumentConfig);
    private _id?;
    get id(): string;
    set id(value: string);
    resetId(): void;
    get idInput(): string | undefined;
    get json(): string;
    get minifiedJson(): string;
    private _overrideJson?;
    get overrideJson(): string;
    set overrideJson(value: string);
    resetOverrideJson(): void;
    get overrideJsonInput(): string | undefined;
    private _overridePolicyDocuments?;
    get overridePolicyDocuments(): string[];
    set overridePolicyDocuments(value: string[]);
    resetOverridePolicyDocuments(): void;
    get overridePolicyDocumentsInput(): string[] | undefined;
    private _policyId?;
    get policyId(): string;
    set policyId(value: string);
    resetPolicyId(): void;
    get policyIdInput(): string | undefined;
    private _sourceJson?;
    get sourceJson(): string;
    set sourceJson(value: string);
    resetSourceJson(): void;
    get sourceJsonInput(): string | undefined;
    private _sourcePolicyDocuments?;
    get sourcePolicyDocuments(): string[];
    set sourcePolicyDocuments(value: string[]);
    resetSourcePolicyDocuments(): void;
    get sourcePolicyDocumentsInput(): string[] | undefined;
    private _version?;
    get version(): string;
    set version(value: string);
    resetVersion(): void;
    get versionInput(): string | undefined;
    private _statement;
    get statement(): DataAwsIamPolicyDocumentStatementList;
    putStatement(value: DataAwsIamPolicyDocumentStatement[] | cdktn.IResolvable): void;
    resetStatement(): void;
    get statementInput(): cdktn.IResolvable | DataAwsIamPolicyDocumentStatement[] | undefined;
    protected synthesizeAttributes(): {
        [name: string]: any;
    };
    protected synthesizeHclAttributes(): {
        [name: string]: any;
    };
}
