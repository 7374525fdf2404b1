/**
 * Complete forms of the certificate services (tests, e2e, seed): a 南京 engineer's paper
 * certificate and a 补办 request for it. Attachment ids are the caller's.
 */

export function validHistoricalModules(files: { declarationForm: string; oldCertificate: string }) {
	return {
		historical_certificate: {
			seriesCode: 'engineering',
			levelCode: 'C',
			titleName: '工程师',
			specialty: '机械工程',
			approvedOn: '2012-12-20',
			approvalNo: '宁职称〔2012〕45号',
			committeeName: '南京市工程技术人员中级职务评审委员会',
			issuingAuthority: '南京市人力资源和社会保障局',
			oldCertificateNo: 'NJ2012-C-0457',
			regionCode: '320100-BJ'
		},
		historical_materials: {
			slots: { declaration_form: files.declarationForm, old_certificate: files.oldCertificate }
		}
	};
}

export function validReissueModules(
	certificateId: string,
	files: { photo: string; originalDocuments: string; voidNotice: string; reissueForm: string }
) {
	return {
		reissue_request: {
			photoAttachmentId: files.photo,
			certificateId,
			declarationType: 'review',
			businessType: 'reissue',
			regionCode: '320100-BJ',
			declarationPointId: 'dp-nj'
		},
		reissue_materials: {
			slots: {
				original_documents: files.originalDocuments,
				void_notice: files.voidNotice,
				reissue_form: files.reissueForm
			}
		}
	};
}
