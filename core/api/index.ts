/**
 * Every function action the client may call, with its input and output types.
 * `src/cloud` and the function handlers both type themselves against this map.
 */
import type { CommunityApi } from './community'
import type { CourseApi } from './course'
import type { CommunityMyDataOutput, CourseMyDataOutput, PersonalDataApi, ServiceMyDataOutput, SurveyMyDataOutput, UserMyDataOutput } from './mydata'
import type { ServiceApi } from './service'
import type { SurveyApi } from './survey'
import type { LoginOutput, UpdateProfileInput, UpdateProfileOutput } from './user'

export interface FunctionApi {
  user: {
    login: { input: Record<string, never>; output: LoginOutput }
    updateProfile: { input: UpdateProfileInput; output: UpdateProfileOutput }
  } & PersonalDataApi<UserMyDataOutput>
  course: CourseApi & PersonalDataApi<CourseMyDataOutput>
  survey: SurveyApi & PersonalDataApi<SurveyMyDataOutput>
  /** Matching needs to services; its types are imported from './service' (not re-exported: they pull in core/matching). */
  service: ServiceApi & PersonalDataApi<ServiceMyDataOutput>
  /** The rest of the community's life (issue 12): centres, 兼职网格员 reports, 骑士之星, 商圈议事, 组织关系. */
  community: CommunityApi & PersonalDataApi<CommunityMyDataOutput>
}

export type FunctionName = keyof FunctionApi
export type ActionName<F extends FunctionName> = keyof FunctionApi[F] & string
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = FunctionApi[F][A] extends { input: infer I } ? I : never
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = FunctionApi[F][A] extends { output: infer O } ? O : never

export * from './course'
export * from './mydata'
export * from './result'
export * from './user'
export * from './venue'
